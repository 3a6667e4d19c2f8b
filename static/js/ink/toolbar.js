// The drawing tools beside an InkCanvas: colours, brush sizes, pen, eraser, stamps, fill, "put on
// the picture", undo, redo and clear. Shared by every tool that draws (Three Houses, Words and
// Pictures, the Safety House).
//
// Main decision: the toolbar only calls the canvas's public methods and mirrors its state in
// aria-pressed, so what a switch or screen-reader user hears is what a child sees. Its buttons are
// in a few labelled groups, each one Tab stop with the arrows moving inside it (roving.js), so a
// keyboard or switch user crosses a drawing screen in a handful of steps; scanning goes group, then
// button. Clear asks first, with two big buttons (place.js), and is a *soft* clear (an op in the
// log), so a clear can always be undone.

import { element } from "../tablet/dom.js";
import { _ } from "../tablet/i18n.js";
import { pictureButton } from "../tablet/child-ui.js";
import { rovingFocus } from "../tablet/roving.js";
import { PictureOverlay } from "./place.js";
import { COLOUR_NAMES, STAMP_GROUP_NAMES, STAMP_NAMES } from "./words.js";

export { STAMP_GROUP_NAMES, STAMP_NAMES };

export class InkToolbar {
  // `canvas` is an InkCanvas; `artwork` the loaded artwork.json. A tool puts `colours`, `tools` and
  // `stampTray` on its screen beside the canvas.
  constructor(canvas, artwork) {
    this.canvas = canvas;
    this.artwork = artwork;
    this.state = { tool: "pen", colour: 0, size: 1, stamp: 0 };
    this.colours = element("div", { class: "app-ink-colours", role: "toolbar", "aria-label": _("Colours") });
    // One toolbar, one Tab stop: the tools to draw with, then undo, redo and clear in a block of
    // their own (a layout block only: a group inside a group would be scanned twice).
    this.tools = element("div", { class: "app-ink-tools", role: "toolbar", "aria-label": _("Drawing tools") });
    this.drawing = element("div", { class: "app-ink-tools__group" });
    this.history = element("div", { class: "app-ink-tools__group" });
    this.tools.append(this.drawing, this.history);
    this.stampTray = element("div", { class: "app-stamp-tray", hidden: true, role: "group", "aria-label": _("Stickers") });
    this.overlay = new PictureOverlay(canvas, () => [this.colours, this.tools, this.stampTray, canvas.element]);
    this.build();
    this.roving = [this.colours, this.tools, this.stampTray].map((group) => rovingFocus(group));
    this.toolsFocus = this.roving[1];
    // Escape with a sticker riding on the keyboard cursor puts it back: the pen again.
    if (canvas.keys) canvas.keys.onPutBack = () => this.choose({ tool: "pen" });
    this.apply();
  }

  build() {
    const names = COLOUR_NAMES();
    this.colourButtons = this.artwork.palette.map((colour, index) => {
      const button = pictureButton({
        label: names[index] || colour, hideLabel: true, className: "app-swatch",
        // Picking a colour while rubbing out or stamping means "draw with this colour now".
        onPress: () => this.choose({ colour: index, tool: this.state.tool === "fill" ? "fill" : "pen" }),
      });
      button.style.setProperty("--swatch", colour);
      return button;
    });
    this.colours.append(...this.colourButtons);

    this.penButton = pictureButton({ picture: "pen", label: _("Draw"), onPress: () => this.choose({ tool: "pen" }) });
    this.eraserButton = pictureButton({ picture: "eraser", label: _("Rub out"), onPress: () => this.choose({ tool: "eraser" }) });
    this.fillButton = pictureButton({ picture: "fill", label: _("Colour in"), onPress: () => this.choose({ tool: "fill" }) });
    this.stampButton = pictureButton({ picture: "stamp", label: _("Stickers"), onPress: () => this.toggleStamps() });
    this.stampButton.setAttribute("aria-expanded", "false");
    this.placeButton = pictureButton({ picture: "place", label: _("Put on the picture"), onPress: () => this.chooseSpot() });
    this.sizeButtons = [_("Thin"), _("Medium"), _("Thick")].map((label, index) => pictureButton({
      picture: ["size-small", "size-medium", "size-large"][index], label, onPress: () => this.choose({ size: index }),
    }));
    this.undoButton = pictureButton({ picture: "undo", label: _("Undo"), onPress: () => this.act(() => this.canvas.undo()) });
    this.redoButton = pictureButton({ picture: "redo", label: _("Redo"), onPress: () => this.act(() => this.canvas.redo()) });
    this.clearButton = pictureButton({ picture: "clear", label: _("Clear"), onPress: () => this.confirmClear() });
    this.drawing.append(this.penButton, this.eraserButton, ...this.sizeButtons, this.fillButton, this.stampButton,
      this.placeButton);
    this.history.append(this.undoButton, this.redoButton, this.clearButton);
    this.buildStampTray();
  }

  buildStampTray() {
    const groups = STAMP_GROUP_NAMES();
    const names = STAMP_NAMES();
    const tabs = element("div", { class: "app-stamp-tray__groups" });
    this.shelf = element("div", { class: "app-stamp-tray__stamps" });
    const showGroup = (group) => {
      for (const tab of tabs.children) tab.setAttribute("aria-pressed", String(tab.dataset.group === group));
      this.shelf.replaceChildren(...this.artwork.stamps.map((stamp, index) => ({ stamp, index }))
        .filter(({ stamp }) => stamp.group === group)
        .map(({ stamp, index }) => pictureButton({
          image: `/static/ink/stamps/${stamp.id}.png`, label: names[stamp.id] || stamp.id, hideLabel: true,
          className: "app-stamp-choice",
          // Chosen by keyboard or switch (a click with no pointer, detail 0), the sticker goes onto
          // the keyboard cursor on the drawing, where Enter puts it down and the arrows move it.
          onPress: (event) => this.chooseStamp(index, event.detail === 0),
        })));
    };
    for (const group of this.artwork.stamp_groups) {
      const first = this.artwork.stamps.find((stamp) => stamp.group === group);
      const tab = pictureButton({
        image: first ? `/static/ink/stamps/${first.id}.png` : null, label: groups[group] || group,
        className: "app-stamp-group", onPress: () => showGroup(group),
      });
      tab.dataset.group = group;
      tabs.append(tab);
    }
    this.stampTray.append(tabs, this.shelf);
    this.stampTray.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        this.toggleStamps();
      }
    });
    showGroup(this.artwork.stamp_groups[0]);
  }

  // Opening the tray takes focus to its first sticker; closing it, back to the Stickers button.
  toggleStamps() {
    this.stampTray.hidden = !this.stampTray.hidden;
    this.stampButton.setAttribute("aria-expanded", String(!this.stampTray.hidden));
    if (!this.stampTray.hidden) this.shelf.querySelector("button")?.focus();
    else if (this.stampTray.contains(document.activeElement) || document.activeElement === document.body) {
      this.stampButton.focus();
    }
  }

  chooseStamp(index, byKeys) {
    this.choose({ tool: "stamp", stamp: index });
    this.stampTray.hidden = true;
    this.stampButton.setAttribute("aria-expanded", "false");
    if (byKeys) this.canvas.element.focus();
  }

  // "Put on the picture": a spot on the grid, then the chosen tool acts there (place.js).
  chooseSpot() {
    this.overlay.chooseSpot((spot, row) => {
      const { tool } = this.state;
      if (tool === "stamp") this.act(() => this.canvas.placeStamp(...spot));
      else if (tool === "fill") this.act(() => this.canvas.fillAt(...spot));
      else {
        this.overlay.chooseMark(spot, row, (points) => {
          this.act(() => this.canvas.strokeThrough(points));
          this.overlay.close(this.placeButton);
        });
        return;
      }
      this.overlay.close(this.placeButton);
    });
  }

  // Two single presses clear (no hold, no time limit); then focus is on Undo, one press from having
  // the picture back.
  confirmClear() {
    this.overlay.confirmClear(() => {
      this.act(() => this.canvas.clear());
      this.overlay.close(this.undoButton);
    }, this.clearButton);
  }

  choose(change) {
    Object.assign(this.state, change);
    this.apply();
  }

  act(change) {
    change();
    this.refresh();
  }

  apply() {
    const { tool, colour, size } = this.state;
    this.canvas.setTool({ ...this.state });
    this.colourButtons.forEach((button, index) => button.setAttribute("aria-pressed",
      String(index === colour && (tool === "pen" || tool === "fill"))));
    this.penButton.setAttribute("aria-pressed", String(tool === "pen"));
    this.eraserButton.setAttribute("aria-pressed", String(tool === "eraser"));
    this.fillButton.setAttribute("aria-pressed", String(tool === "fill"));
    this.stampButton.setAttribute("aria-pressed", String(tool === "stamp"));
    this.sizeButtons.forEach((button, index) => button.setAttribute("aria-pressed", String(index === size)));
    this.refresh();
  }

  // Undo, redo and clear are pressable exactly when they would change something (no failure
  // states). One that had focus and is no longer pressable hands it to its nearest neighbour, or
  // to the drawing, never to the page.
  refresh() {
    const focused = document.activeElement;
    this.undoButton.disabled = !this.canvas.canUndo;
    this.redoButton.disabled = !this.canvas.canRedo;
    this.clearButton.disabled = this.canvas.visible().length === 0;
    if ([this.undoButton, this.redoButton, this.clearButton].includes(focused) && focused.disabled) {
      (this.toolsFocus.neighbour(focused) || this.canvas.element).focus();
    }
  }
}
