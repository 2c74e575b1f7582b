"""Reading exports: CSV/TSV/TXT and XLSX/XLSM into all-String frames with lineage, and the
known source tools recognised by their headers (``_data/sources/``).
"""

from __future__ import annotations

from clientmig.io._cells import EXCEL_CELL_LIMIT as EXCEL_CELL_LIMIT
from clientmig.io._delimited import DELIMITERS as DELIMITERS
from clientmig.io._delimited import LARGE_FILE_BYTES as LARGE_FILE_BYTES
from clientmig.io._delimited import detect_encoding as detect_encoding
from clientmig.io._delimited import detect_header_index as detect_header_index
from clientmig.io._delimited import sniff_delimiter as sniff_delimiter
from clientmig.io.reader import read as read
from clientmig.io.reader import read_table as read_table
from clientmig.io.reader import read_workbook as read_workbook
from clientmig.io.reader import read_workbook_tables as read_workbook_tables
from clientmig.io.reader import sheet_names as sheet_names
from clientmig.io.result import EXCEL_SUFFIXES as EXCEL_SUFFIXES
from clientmig.io.result import TEXT_SUFFIXES as TEXT_SUFFIXES
from clientmig.io.result import ReadResult as ReadResult
from clientmig.io.result import Source as Source
from clientmig.io.sources import SourceMatch as SourceMatch
from clientmig.io.sources import detect_source as detect_source

__all__ = [
    "DELIMITERS",
    "EXCEL_CELL_LIMIT",
    "EXCEL_SUFFIXES",
    "LARGE_FILE_BYTES",
    "TEXT_SUFFIXES",
    "ReadResult",
    "Source",
    "SourceMatch",
    "detect_encoding",
    "detect_header_index",
    "detect_source",
    "read",
    "read_table",
    "read_workbook",
    "read_workbook_tables",
    "sheet_names",
    "sniff_delimiter",
]
