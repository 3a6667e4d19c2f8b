// What every tool shares: one screen object on show at a time, its lifecycle hooks for the platform
// (static/js/tablet/editing.js and shell.js: render, childMode, close), the draft's parts, and the
// text rule.
//
// Main decision: a tool is a class for its screen plus a plain object of facts (kind, title,
// problems…); the lifecycle is written once here, so a new tool cannot forget to let go of its
// listeners and its pause cover when the worker leaves or the tablet locks.

// The server's rule for long texts, kept with the other rules in checks.js.
export { CONTROL_CHARACTERS } from "./checks.js";

// Put, replace or (bytes null) remove one part of a draft.
export function setPart(draft, name, mediaType, bytes) {
  const index = draft.parts.findIndex((part) => part.name === name);
  if (bytes === null) {
    if (index >= 0) draft.parts.splice(index, 1);
  } else if (index >= 0) {
    draft.parts[index] = { name, media_type: mediaType, bytes };
  } else {
    draft.parts.push({ name, media_type: mediaType, bytes });
  }
}

// The hooks for a tool whose screen is `Screen` (constructor(container, draft, onChange, context),
// where context is the platform's toolContext(); a `ready` promise; childMode(on); destroy()).
export function screenHooks(Screen) {
  let screen = null;
  return {
    render(container, draft, onChange, context) {
      if (screen) screen.destroy();
      screen = new Screen(container, draft, onChange, context);
    },
    // Called by the platform when the tablet is handed to the child and back; the promise settles
    // once the view for the child (or the worker) is drawn, so the platform can check focus then.
    childMode(on) {
      const current = screen;
      return current ? current.ready.then(() => current.childMode(on)) : undefined;
    },
    close() {
      if (screen) screen.destroy();
      screen = null;
    },
  };
}

// A tool screen that shows one view at a time over its draft (the Safety House, Sort the pictures):
// the fields every such screen sets up and the lifecycle the platform's hooks above call. A subclass
// sets `this.pause` (its PauseCover) and `this.view`, and draws a view with its own show(view);
// closeView() lets go of the view's canvas and listeners before the next view or on destroy().
export class ViewScreen {
  constructor(container, draft, onChange, context) {
    this.container = container;
    this.draft = draft;
    this.content = draft.content;
    this.save = onChange;
    this.context = context;
    this.canvas = null;
    this.cleanups = [];
  }

  childMode_() {
    return document.body.classList.contains("app-child-mode");
  }

  destroy() {
    this.destroyed = true;
    this.closeView();
    this.pause.destroy();
  }

  closeView() {
    if (this.canvas) this.canvas.destroy();
    this.canvas = null;
    for (const cleanup of this.cleanups) cleanup();
    this.cleanups = [];
  }

  changed() {
    this.save();
  }
}
