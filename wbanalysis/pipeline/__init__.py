"""流水线 (pipeline): orchestration only — plan, kernels, execution, the site build.

- :mod:`.options`: :class:`~.options.BuildOptions`, what a build is asked to do (CLI, API, bench);
- :mod:`.plan`: which reports (notebook × :class:`~wbanalysis.scope.Scope`);
- :mod:`.facts`: what planning needs of the ledgers, kept in the manifest;
- :mod:`.kernel`: kernel-side warm-up and reset between reports;
- :mod:`.execute`: a pool of warm kernels executing parameterized notebooks;
- :mod:`.distributed`: the same on a Dask cluster;
- :mod:`.manifest`: the manifest beside the site, input keys, the code's hash;
- :mod:`.claim`: the site folder (ours or empty, never inside the ledgers) and its lock;
- :mod:`.skip`: the plan of a build, and which reports are up to date;
- :mod:`.run`: the kernels or the cluster running the reports;
- :mod:`.publish`: each report's files (through :func:`wbanalysis.render.get_renderer`), the
  manifest's record of them, edited drafts kept aside, stale pages removed, the index;
- :mod:`.result`, :mod:`.progress`: what a build did, and what it tells the user meanwhile;
- :mod:`.site`: :func:`~.site.build_site`, those steps in order.

Submodules are imported explicitly (``from wbanalysis.pipeline.site import build_site``);
this package imports nothing so that importing one step does not load the others.
"""
