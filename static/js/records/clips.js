// The recordings of the child's voice on a session's page: a button beside each marked moment plays
// the recording from that moment.
//
// Main decision: the page works without this script (each recording has the browser's own player,
// and each moment shows its time); the script only adds the buttons, which start hidden. The player
// loads nothing until it is used (preload="none"), so a button first asks for the recording's
// metadata, then seeks: the server answers Range requests, so the player fetches only what it needs.

function seek(player, seconds) {
  const play = () => {
    player.currentTime = seconds;
    player.play().catch(() => {});  // a browser may refuse to play; the position is still set
  };
  if (player.readyState >= HTMLMediaElement.HAVE_METADATA) {
    play();
    return;
  }
  player.addEventListener("loadedmetadata", play, { once: true });
  player.preload = "metadata";
  player.load();
}

for (const clip of document.querySelectorAll("[data-clip]")) {
  const player = clip.querySelector("[data-clip-player]");
  for (const button of clip.querySelectorAll("[data-seek-ms]")) {
    button.hidden = false;
    button.addEventListener("click", () => seek(player, Number(button.dataset.seekMs) / 1000));
  }
}
