// The kind registry on the tablet: one line per tool. Its twin is sofs_direct/tools/__init__.py.
import network from "./network.js";
import networkMeeting from "./network-meeting.js";
import observation from "./observation.js";
import threeHouses from "./three-houses.js";
import wordsPictures from "./words-pictures.js";

export const KINDS = { [observation.kind]: observation, [threeHouses.kind]: threeHouses,
  [wordsPictures.kind]: wordsPictures, [network.kind]: network, [networkMeeting.kind]: networkMeeting };
