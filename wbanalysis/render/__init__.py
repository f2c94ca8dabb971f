"""渲染 (render): one module per output format, reading the recorded report.

- :mod:`.html`: the offline HTML page of an executed notebook, and the failure page;
- :mod:`.index`: the site's index page;
- :mod:`.sanitize`: the sanitizer every HTML fragment goes through, and the templates.

Submodules are imported explicitly (``from wbanalysis.render.html import publish_notebook``);
this package imports nothing so that importing one format does not load the others.
"""
