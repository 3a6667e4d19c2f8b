// A drawing shown as a still picture (a storyboard's thumbnail, a drawing in the letter to the child):
// a canvas as sharp as the screen, sized in CSS pixels, named for a screen reader when it says
// something (`label`), hidden from one when it only decorates.
//
// Main decision: a drawing that cannot be read (`ops` null) is shown as a marked empty square
// (`<className>--broken`), never as an error: whoever looks at it is often a child.

import { element } from "../tablet/dom.js";
import { drawPicture } from "./draw.js";
import { fold } from "./fold.js";

export function drawingCanvas({ ops, artwork, outline = null, size, label = "", className }) {
  const ratio = window.devicePixelRatio || 1;
  const canvas = element("canvas", { class: className, width: String(Math.round(size * ratio)),
    height: String(Math.round(size * ratio)), role: label ? "img" : null, "aria-label": label || null, "aria-hidden": label ? null : "true" });
  canvas.style.width = canvas.style.height = `${size}px`;
  if (ops === null) {
    canvas.classList.add(`${className}--broken`);
    return canvas;
  }
  drawPicture(canvas.getContext("2d"), fold(ops), artwork, outline, canvas.width);
  return canvas;
}
