"""The in-memory cache of rendered pictures and sheets (record_files.RenderCache) is bounded by bytes,
not by entries: a worker's server process must not grow with every large drawing opened (issue 19)."""

from sofs_direct.artefacts.record_files import RenderCache


def test_renders_are_kept_within_the_byte_budget_and_the_least_recently_opened_go_first():
    cache = RenderCache(budget=10_000)
    made = []

    def render(name, size):
        def make():
            made.append(name)
            return bytes(size)

        return cache.get(name, make)

    for name in ("house", "sheet", "thumbnail"):
        render(name, 4_000)
    assert cache.used <= cache.budget and sum(map(len, cache.entries.values())) == cache.used
    assert list(cache.entries) == ["sheet", "thumbnail"]  # the first, least recently opened, made room
    render("sheet", 4_000)  # opened again: from the cache, and now the most recent
    render("signature", 4_000)
    assert list(cache.entries) == ["sheet", "signature"] and made.count("sheet") == 1
    # A render larger than the whole budget is answered, never kept (it would empty the cache).
    assert len(render("booklet", 20_000)) == 20_000
    assert "booklet" not in cache.entries and cache.used <= cache.budget
