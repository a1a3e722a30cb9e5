"""Scaling out: the per-document stages on Dask collections, generated corpora, the benchmark."""
