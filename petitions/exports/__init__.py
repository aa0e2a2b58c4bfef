"""List exports: every list page's rows as a streamed CSV or a workbook, large ones as a background job."""
