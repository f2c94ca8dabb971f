"""构建 (build): plan the reports, execute the notebooks, publish HTML, write the index page.

Submodules are imported explicitly (``from wbanalysis.build.publish import publish_notebook``);
this package imports nothing so that importing one step does not load the others.
"""
