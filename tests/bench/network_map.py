"""Benchmark: dragging people on a circles map of 60 people (issue 6; not registered in bench.py).

The circles map (static/js/tools/network/map.js, CirclesMap) is mounted alone on the offline page of a
live server in Debian's headless chromium at an iPad's size; synthetic touch drags (CDP touch events)
move members round the rings. The map's opt-in onTiming hook reports, for every drag frame, the
main-thread time of the pointer handlers since the last frame, the frame callback, and the style,
layout and paint that follow it (timed to a message posted from the frame callback). The baseline,
in the same page and run, is an empty requestAnimationFrame callback timed the same way. Target:
p95 ≤ 8 ms per frame.

Runnable alone: `.venv/bin/python tests/bench/network_map.py [people] [drags]`.
"""

import asyncio
import math
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project: sofs_direct

from tests.conftest import CHROMIUM, LiveServer  # noqa: E402

TARGET_MS = 8
STEPS = 30  # touch moves in one drag

MOUNT = """async (people) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = '/static/js/tools/network/network.css';
    document.head.append(link);
    await new Promise((resolve) => { link.onload = resolve; });
    const { CirclesMap } = await import('/static/js/tools/network/map.js');
    const { stamp } = await import('/static/js/tools/network/model.js');
    const stamps = ['person-adult', 'person-older', 'person-child', 'family', 'face-happy'];
    const members = [];
    for (let i = 0; i < people; i += 1) {
        const member = {id: `m-${i}`, fields: {}};
        stamp(member, 'name', `Person ${i + 1}`, 'bench');
        stamp(member, 'stamp', stamps[i % stamps.length], 'bench');
        stamp(member, 'ring', 1 + (i % 4), 'bench');
        stamp(member, 'angle', (i * 37) % 360, 'bench');
        members.push(member);
    }
    window.frames = [];
    window.placed = 0;
    window.map = new CirclesMap({label: 'Circles', centreLabel: 'The family',
        onTiming: (ms) => window.frames.push(ms), onPlace: () => { window.placed += 1; }});
    window.map.show(members);
    document.querySelector('main').prepend(window.map.element);
    window.map.element.style.width = '600px';
    window.map.arrange();  // the people spread out now, before the first drag reads where they are
    // The baseline: an empty frame callback, timed to the task after the frame as the map's are.
    window.baseline = [];
    const frame = () => {
        const start = performance.now();
        const channel = new MessageChannel();
        channel.port1.onmessage = () => window.baseline.push(performance.now() - start);
        channel.port2.postMessage(null);
        if (!window.baselineStopped) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
}"""


async def drag(cdp, start, end):
    points = [
        {"x": start[0] + (end[0] - start[0]) * i / STEPS, "y": start[1] + (end[1] - start[1]) * i / STEPS}
        for i in range(STEPS + 1)
    ]
    await cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [points[0]]})
    for point in points[1:]:
        await cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
        await asyncio.sleep(0.008)  # a finger's samples arrive over time, not all at once
    await cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


async def drag_in_chromium(url, people, drags, rng):
    from playwright.async_api import async_playwright

    from tests.bench.tablet import LAUNCH_ARGS

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        context = await browser.new_context(
            viewport={"width": 1024, "height": 768}, device_scale_factor=2, has_touch=True
        )
        page = await context.new_page()
        await page.goto(url + "/offline/en")
        await page.evaluate(MOUNT, people)
        cdp = await context.new_cdp_session(page)
        box = await page.locator(".app-nw-map").bounding_box()
        for n in range(drags):
            member = page.locator(f".app-nw-map__person[data-member='m-{rng.randrange(people)}']")
            start = await member.bounding_box()
            grab = (start["x"] + start["width"] / 2, start["y"] + start["height"] / 3)
            turn = rng.uniform(0, 2 * math.pi)
            reach = rng.uniform(0.15, 0.45) * box["width"]
            end = (
                box["x"] + box["width"] / 2 + reach * math.sin(turn),
                box["y"] + box["height"] / 2 - reach * math.cos(turn),
            )
            await drag(cdp, grab, end)
            await page.wait_for_function("(n) => window.placed >= n", arg=n + 1)
        await page.evaluate("window.baselineStopped = true")
        figures = await page.evaluate("({frames: window.frames, baseline: window.baseline, placed: window.placed})")
        await browser.close()
    return figures


def network_map(people=60, drags=40):
    """Main-thread time per animation frame while dragging people on a map of `people`."""
    from tests.bench.common import percentile, seeded_app

    with tempfile.TemporaryDirectory() as directory:
        server = LiveServer(seeded_app(directory, PASSWORD_HASH_PROFILE="test"))
        try:
            figures = asyncio.run(drag_in_chromium(server.url, people, drags, random.Random(6)))
        finally:
            server.stop()
    frames, baseline = figures["frames"], figures["baseline"]
    p50, p95 = percentile(frames, 50), percentile(frames, 95)
    b50, b95 = percentile(baseline, 50), percentile(baseline, 95)
    print(f"  {people} people, {figures['placed']} drags of {STEPS} touch moves, {len(frames)} drag frames")
    print(
        f"  per animation frame while dragging: p50 {p50:.2f} ms, p95 {p95:.2f} ms, max {max(frames):.1f} ms"
        f"  |  baseline (empty frame) p50 {b50:.2f} ms, p95 {b95:.2f} ms"
        f"  |  target p95 ≤ {TARGET_MS} ms: {'met' if p95 <= TARGET_MS else 'NOT met'}"
    )
    return {"p50": p50, "p95": p95, "baseline_p50": b50, "baseline_p95": b95}


if __name__ == "__main__":
    network_map(*(int(arg) for arg in sys.argv[1:]))
