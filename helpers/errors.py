"""Exceptions raised when the corpus on disk is not usable.

Every exception names the file or metadata row at fault and says what to do.
They all derive from :class:`CorpusError`, so a caller can catch the family.
Nothing is ever skipped silently: if a document cannot be read, loading stops.
"""


class CorpusError(Exception):
    """Base class: the corpus folder cannot be loaded as it stands."""


class DataFolderError(CorpusError):
    """The data folder, its ``raw/`` folder or ``metadata.csv`` is missing or unreadable."""


class MetadataError(CorpusError):
    """``metadata.csv`` has a missing column, an empty required value or a bad value."""


class UnlistedFileError(CorpusError):
    """A file in ``raw/`` has no row in ``metadata.csv``."""


class MissingFileError(CorpusError):
    """A row of ``metadata.csv`` names a file that is not in ``raw/``."""


class DuplicateDocumentError(CorpusError):
    """Two rows share an id or a file, or two files have identical content."""


class EmptyDocumentError(CorpusError):
    """A document is empty, holds only whitespace, or has no body text after cleaning."""


class DocumentEncodingError(CorpusError):
    """A document's bytes are not valid UTF-8."""


class DateError(MetadataError):
    """A date in ``metadata.csv`` cannot be parsed or disagrees with its precision."""


class BoilerplateFileError(CorpusError):
    """A corpus folder's ``boilerplate.csv`` cannot be read or holds an invalid pattern."""
