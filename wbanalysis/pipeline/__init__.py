"""流水线 (pipeline): orchestration only — plan, kernels, execution, cache, the site build.

- :mod:`.plan`: which reports (notebook × :class:`~wbanalysis.scope.Scope`);
- :mod:`.kernel`: kernel-side warm-up and reset between reports;
- :mod:`.execute`: a pool of warm kernels executing parameterized notebooks;
- :mod:`.distributed`: the same on a Dask cluster;
- :mod:`.cache`: the manifest, input keys, the lock;
- :mod:`.site`: plan → skip what is unchanged → run → render → index.

Submodules are imported explicitly (``from wbanalysis.pipeline.site import build_site``);
this package imports nothing so that importing one step does not load the others.
"""
