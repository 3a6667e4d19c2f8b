// Where each person sits on the family and safety network's circles: the ring and angle of a spot on
// the map and back, where a new person starts, spreading people out so none sits on another, and
// the ring in words.
//
// Main decision: this is geometry only (no page, no buttons), the same rule as the server's map
// (sofs_direct/tools/network/render.py, lay_out), so the tablet's circles and the pages' pictures put
// the same people in the same places; map.js measures the buttons and draws them where it says.

import { _ } from "../../tablet/i18n.js";
import { LIMITS, value } from "./model.js";

export const RINGS = LIMITS.rings[1];
// The centre disc (the family) and the four rings share the map's radius: fractions of it.
export const CENTRE = 0.2;
export const BAND = (1 - CENTRE) / RINGS;

// Where a person sits on the map, as fractions of the map (0…1 across and down).
export function spot(ring, angle) {
  const radius = (CENTRE + BAND * (ring - 0.5)) / 2;
  const turn = (angle * Math.PI) / 180;
  return { x: 0.5 + radius * Math.sin(turn), y: 0.5 - radius * Math.cos(turn) };
}

// The ring and angle for a point dropped at (x, y), fractions of the map: the ring from its distance
// from the centre (the family's own disc counts as the closest ring), the angle from its direction.
export function ringAndAngle(x, y) {
  const dx = x - 0.5;
  const dy = y - 0.5;
  const distance = Math.hypot(dx, dy) * 2;
  const ring = Math.min(RINGS, Math.max(1, Math.ceil((distance - CENTRE) / BAND)));
  const angle = Math.round(((Math.atan2(dx, -dy) * 180) / Math.PI + 360) % 360) % 360;
  return { ring, angle };
}

// Where a newly added person goes on their ring: the middle of the widest free stretch of it (the
// top when the ring is empty), so new people never start on top of one another.
export function freeAngle(members, ring) {
  const taken = [...new Set(members.filter((member) => value(member, "ring", RINGS) === ring)
    .map((member) => value(member, "angle", 0)))].sort((a, b) => a - b);
  if (!taken.length) return 0;
  let best = { gap: -1, angle: 0 };
  taken.forEach((angle, index) => {
    const next = index + 1 < taken.length ? taken[index + 1] : taken[0] + 360;
    if (next - angle > best.gap) best = { gap: next - angle, angle: Math.round(angle + (next - angle) / 2) % 360 };
  });
  return best.angle;
}

// --- where each person sits: spread out, never on top of one another ----------------------------------
// The same rule as the server's map (network_render.lay_out): each person at their ring and angle;
// where that spot is taken, round their ring to the nearest free spot a few degrees at a time either
// way, or to the inner or outer edge of their ring's band; only when their ring has no room left at
// all, in the next ring out that has some. People are placed by ring, angle and id, so the same
// people always give the same map.
const STEP_DEGREES = 3;
const EDGES = [0, -0.4, 0.4];
// A crowded map draws its people smaller (network.css), so that they still fit on their
// own rings: the first of these at which everyone does.

const overlaps = (box, other, gap) => box[0] < other[2] + gap && other[0] < box[2] + gap
  && box[1] < other[3] + gap && other[1] < box[3] + gap;

// people: [{ ring, angle, key, width, height, across, above }] (the box in pixels, the spot `across`
// right of its left edge and `above` below its top); rings: { centre: [x, y], middle: [radius of each
// ring's middle], band }. Returns [{ x, y, box, ring }] in the order given; `ring` is the ring whose
// band they sit in, null when there was no room anywhere.
export function layOut(people, rings, obstacles = [], bounds = null, gap = 4) {
  const placed = [...obstacles];
  const spots = new Array(people.length);
  const full = new Set();
  const count = rings.middle.length;
  const spot = (person, ring, angle, edge) => {
    const radius = rings.middle[ring - 1] + edge * rings.band;
    const turn = (angle * Math.PI) / 180;
    const x = rings.centre[0] + radius * Math.sin(turn);
    const y = rings.centre[1] - radius * Math.cos(turn);
    const left = x - person.across;
    const top = y - person.above;
    return { x, y, box: [left, top, left + person.width, top + person.height], ring };
  };
  const inside = (box) => !bounds
    || (box[0] >= bounds[0] && box[1] >= bounds[1] && box[2] <= bounds[2] && box[3] <= bounds[3]);
  const freeSpot = (person, ring) => {
    const edges = ring < count ? EDGES : EDGES.slice(0, 2); // never further out than the outermost ring
    for (let step = 0; step <= Math.floor(180 / STEP_DEGREES); step += 1) {
      for (const turn of step === 0 ? [0] : [step, -step]) {
        for (const edge of edges) {
          const found = spot(person, ring, person.angle + turn * STEP_DEGREES, edge);
          if (inside(found.box) && !placed.some((box) => overlaps(found.box, box, gap))) return found;
        }
      }
    }
    return null;
  };
  const byKey = (a, b) => (a.key < b.key ? -1 : Number(a.key > b.key));
  const order = people.map((_person, index) => index)
    .sort((a, b) => people[a].ring - people[b].ring || people[a].angle - people[b].angle
      || byKey(people[a], people[b]));
  for (const index of order) {
    const person = people[index];
    let found = null;
    for (let ring = person.ring; ring <= count && !found; ring += 1) {
      const size = [ring, person.width, person.height, person.across, person.above].join(" ");
      if (full.has(size)) continue; // a box this size found no room on this ring already
      found = freeSpot(person, ring);
      if (!found) full.add(size);
    }
    if (!found) found = { ...spot(person, person.ring, person.angle, 0), ring: null }; // no room: where they were put
    placed.push(found.box);
    spots[index] = found;
  }
  return spots;
}

// A person's ring in words, for the map's buttons and the worker's panel.
export function describeRing(ring) {
  return ring === 1 ? _("closest to the family") : _("ring %(ring)s of %(rings)s", { ring, rings: RINGS });
}
