/**
 * Places point labels on a chart so that they overlap each other, the points and the frame as
 * little as possible. Greedy: each label, in turn, takes the free spot nearest its point.
 */

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  /** How much overlapping this box costs, per pixel; default 1. Lines a label may cross are cheap. */
  weight?: number;
}

/** A far spot (with a leader line) must beat a near one by this much overlap cost. */
const FAR_PENALTY = 150;

export interface LabelRequest {
  /** The point's centre. */
  x: number;
  y: number;
  text: string;
  /** The point's radius (ring included); labels keep clear of it. Spots are tuned for 5. */
  r?: number;
}

export interface PlacedLabel {
  /** Text anchor position (baseline) and alignment. */
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  /** A line from the point to the label, when the label sits away from it. */
  leader: { x1: number; y1: number; x2: number; y2: number } | null;
}

/** Approximate width of a character at the chart's 12px label size. */
const CHAR_WIDTH = 6.7;
const LINE_HEIGHT = 14;

type Anchor = PlacedLabel['anchor'];
/** Spots to try, nearest first: [dx, dy (baseline), anchor]. */
const SPOTS: [number, number, Anchor][] = [
  [10, 4, 'start'],
  [-10, 4, 'end'],
  [0, -11, 'middle'],
  [0, 19, 'middle'],
  [8, -9, 'start'],
  [8, 17, 'start'],
  [-8, -9, 'end'],
  [-8, 17, 'end'],
];
/** Further spots, reached with a leader line. */
const FAR: [number, number, Anchor][] = [-26, 30, -42, 46, -58, 62].flatMap(
  (dy): [number, number, Anchor][] => [
    [14, dy, 'start'],
    [-14, dy, 'end'],
    [0, dy, 'middle'],
  ],
);

/** Estimated box of a label's text at a position. */
export function labelBox(text: string, x: number, y: number, anchor: Anchor): Box {
  const w = text.length * CHAR_WIDTH;
  const left = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2;
  return { x: left, y: y - LINE_HEIGHT + 3, w, h: LINE_HEIGHT };
}

/**
 * @param labels one per point, placed in the order given (put the most important first)
 * @param obstacles boxes to keep clear of (points, lines, other text)
 * @param frame labels should stay inside it
 */
export function placeLabels(labels: LabelRequest[], obstacles: Box[], frame: Box): PlacedLabel[] {
  const taken: Box[] = [...obstacles];
  return labels.map((l) => {
    let best: { spot: [number, number, Anchor]; box: Box; cost: number; far: boolean } | null = null;
    const grow = Math.max(0, (l.r ?? 5) - 5);
    const spots = [...SPOTS, ...FAR].map(([dx, dy, a]): [number, number, Anchor] => [
      dx + Math.sign(dx) * grow,
      dy + Math.sign(dy) * grow,
      a,
    ]);
    for (const [i, spot] of spots.entries()) {
      const box = labelBox(l.text, l.x + spot[0], l.y + spot[1], spot[2]);
      // prefer near spots: a tiny distance cost breaks ties, overlaps dominate it
      const far = i >= SPOTS.length;
      const free = i * 2 + (far ? FAR_PENALTY : 0);
      const cost = overlapArea(box, taken) * 10 + outside(box, frame) * 20 + free;
      if (!best || cost < best.cost) best = { spot, box, cost, far };
      if (cost === free) break;
    }
    const chosen = best!;
    taken.push(chosen.box);
    const x = l.x + chosen.spot[0];
    const y = l.y + chosen.spot[1];
    const leader = chosen.far ? { x1: l.x, y1: l.y, x2: x, y2: y + (chosen.spot[1] < 0 ? 3 : -11) } : null;
    return { x, y, anchor: chosen.spot[2], leader };
  });
}

function overlapArea(box: Box, others: Box[]): number {
  let total = 0;
  for (const o of others) {
    const w = Math.min(box.x + box.w, o.x + o.w) - Math.max(box.x, o.x);
    const h = Math.min(box.y + box.h, o.y + o.h) - Math.max(box.y, o.y);
    if (w > 0 && h > 0) total += w * h * (o.weight ?? 1);
  }
  return total;
}

function outside(box: Box, frame: Box): number {
  const inside =
    Math.max(0, Math.min(box.x + box.w, frame.x + frame.w) - Math.max(box.x, frame.x)) *
    Math.max(0, Math.min(box.y + box.h, frame.y + frame.h) - Math.max(box.y, frame.y));
  return box.w * box.h - inside;
}
