"""Sphinx configuration of the docs site: `sagemaker-kfp docs` builds it, in strict mode.

The pages are Markdown (MyST). docs/components/ is generated from the specs by
`sagemaker-kfp generate`; everything else here is written by hand."""

from sagemaker_kfp_components import __version__

project = "SageMaker components for Kubeflow Pipelines"
author = "The sagemaker-kfp-components authors"
copyright = "The sagemaker-kfp-components authors"
version = release = __version__

extensions = ["myst_parser"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]

# Anchors for headings down to ###, so that links such as `page.md#caching` and the argument
# tables' `#instance_type-values` resolve (and are checked: the build is strict).
myst_heading_anchors = 3
# Mermaid and other fenced languages are shown as code; no extension renders them.
myst_enable_extensions = ["colon_fence"]

html_theme = "furo"
html_title = f"SageMaker components for KFP {__version__}"
html_static_path = ["_static"]
html_css_files = ["tables.css"]
# A static site with no analytics or external fonts: it works offline, from a folder.
html_show_sourcelink = False
