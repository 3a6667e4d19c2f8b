// The kind registry on the tablet: one line per tool. Its twin is sofs_direct/tools/__init__.py.
//
// Main decision: a tool is one folder, static/js/tools/<kind>/, named as its kind is named in a
// document, holding its screens (screen.js, whose default export is the tool), its rules
// (model.js, reading the contract.json the server reads too) and its styles (<kind>.css, which
// the shell finds by itself: sofs_direct/tablet.py). Registering it here is the only other step,
// and the platform (static/js/tablet/) only ever asks KINDS[kind] (docs/adding-a-kind-tablet.md).
import letter from "./letter/screen.js";
import network from "./network/screen.js";
import networkMeeting from "./network_meeting/screen.js";
import observation from "./observation/screen.js";
import pictureSort from "./picture_sort/screen.js";
import safetyHouse from "./safety_house/screen.js";
import threeHouses from "./three_houses/screen.js";
import wordsPictures from "./words_pictures/screen.js";

export const KINDS = Object.fromEntries([observation, threeHouses, wordsPictures, network, networkMeeting, safetyHouse, pictureSort, letter]
  .map((tool) => [tool.kind, tool]));
