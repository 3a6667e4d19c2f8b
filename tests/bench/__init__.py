"""The benchmarks of `make bench` (run as `python tests/bench [names]`) and the contract soak."""
