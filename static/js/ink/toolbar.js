// The drawing tools beside an InkCanvas: colours, brush sizes, pen, eraser, stamps, fill, undo,
// redo and clear. Shared by every tool that draws (Three Houses now, Words and Pictures next).
//
// Main decision: the toolbar only calls the canvas's public methods and mirrors its state in
// aria-pressed, so what a switch or screen-reader user hears is what a child sees. Clear is a
// hold-to-confirm button and a *soft* clear (an op in the log), so even a held clear can be undone.

import { element } from "../tablet/dom.js";
import { _ } from "../tablet/i18n.js";
import { holdButton, pictureButton } from "../tablet/child-ui.js";

const COLOUR_NAMES = () => [_("Black"), _("Red"), _("Orange"), _("Yellow"), _("Green"), _("Light blue"),
  _("Dark blue"), _("Purple"), _("Pink"), _("Brown"), _("Grey"), _("White")];

export const STAMP_GROUP_NAMES = () => ({
  feelings: _("Feelings"), people: _("People"), animals: _("Animals"), home: _("Home"), weather: _("Weather"),
  places: _("Places"),
});

export const STAMP_NAMES = () => ({
  "face-happy": _("Happy face"), "face-sad": _("Sad face"), "face-angry": _("Angry face"),
  "face-scared": _("Scared face"), "face-worried": _("Worried face"), "face-calm": _("Calm face"),
  "face-surprised": _("Surprised face"), "person-adult": _("A grown-up"), "person-child": _("A child"),
  "person-baby": _("A baby"), "person-older": _("An older person"), family: _("A family"), dog: _("Dog"),
  cat: _("Cat"), bird: _("Bird"), fish: _("Fish"), rabbit: _("Rabbit"), bed: _("Bed"), table: _("Table"),
  television: _("Television"), food: _("Food"), teddy: _("Teddy"), bath: _("Bath"), door: _("Door"),
  sun: _("Sun"), cloud: _("Cloud"), rain: _("Rain"), storm: _("Storm"), rainbow: _("Rainbow"), snow: _("Snow"),
  "stick-adult": _("A grown-up (stick figure)"), "stick-child": _("A child (stick figure)"),
  "stick-baby": _("A baby (stick figure)"), house: _("House"), school: _("School"), hospital: _("Hospital"),
  car: _("Car"), "police-car": _("Police car"), shop: _("Shop"), park: _("Park"), phone: _("Phone"),
  court: _("Court"), bus: _("Bus"),
});

export class InkToolbar {
  // `canvas` is an InkCanvas; `artwork` the loaded artwork.json.
  constructor(canvas, artwork) {
    this.canvas = canvas;
    this.artwork = artwork;
    this.state = { tool: "pen", colour: 0, size: 1, stamp: 0 };
    this.colours = element("div", { class: "app-ink-colours", role: "group", "aria-label": _("Colours") });
    this.tools = element("div", { class: "app-ink-tools", role: "group", "aria-label": _("Drawing tools") });
    this.stampTray = element("div", { class: "app-stamp-tray", hidden: true, role: "group", "aria-label": _("Stickers") });
    this.build();
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
    this.sizeButtons = [_("Thin"), _("Medium"), _("Thick")].map((label, index) => pictureButton({
      picture: ["size-small", "size-medium", "size-large"][index], label, onPress: () => this.choose({ size: index }),
    }));
    this.undoButton = pictureButton({ picture: "undo", label: _("Undo"), onPress: () => this.act(() => this.canvas.undo()) });
    this.redoButton = pictureButton({ picture: "redo", label: _("Redo"), onPress: () => this.act(() => this.canvas.redo()) });
    this.clearButton = holdButton({ picture: "clear", label: _("Clear"), onConfirm: () => this.act(() => this.canvas.clear()) });
    this.tools.append(this.penButton, this.eraserButton, ...this.sizeButtons, this.fillButton, this.stampButton,
      this.undoButton, this.redoButton, this.clearButton);
    this.buildStampTray();
  }

  buildStampTray() {
    const groups = STAMP_GROUP_NAMES();
    const names = STAMP_NAMES();
    const tabs = element("div", { class: "app-stamp-tray__groups" });
    const shelf = element("div", { class: "app-stamp-tray__stamps" });
    const showGroup = (group) => {
      for (const tab of tabs.children) tab.setAttribute("aria-pressed", String(tab.dataset.group === group));
      shelf.replaceChildren(...this.artwork.stamps.map((stamp, index) => ({ stamp, index }))
        .filter(({ stamp }) => stamp.group === group)
        .map(({ stamp, index }) => pictureButton({
          image: `/static/ink/stamps/${stamp.id}.png`, label: names[stamp.id] || stamp.id, hideLabel: true,
          className: "app-stamp-choice",
          // A stamp chosen by keyboard or switch (a click with no pointer, detail 0) goes straight
          // into the middle of the drawing: tapping the drawing is not the only way to place one.
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
    this.stampTray.append(tabs, shelf);
    showGroup(this.artwork.stamp_groups[0]);
  }

  toggleStamps() {
    this.stampTray.hidden = !this.stampTray.hidden;
    this.stampButton.setAttribute("aria-expanded", String(!this.stampTray.hidden));
  }

  chooseStamp(index, placeNow) {
    this.choose({ tool: "stamp", stamp: index });
    this.stampTray.hidden = true;
    this.stampButton.setAttribute("aria-expanded", "false");
    if (placeNow) this.act(() => this.canvas.placeStampAtCentre());
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

  // Undo and redo are pressable exactly when they would change something (no failure states).
  refresh() {
    this.undoButton.disabled = !this.canvas.canUndo;
    this.redoButton.disabled = !this.canvas.canRedo;
  }
}
