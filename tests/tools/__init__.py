"""Each kind's own tests (sofs_direct/tools/<kind>/): its checks, pages and exports."""
