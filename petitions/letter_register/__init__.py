"""The printed letter register (sổ tiếp nhận, xử lý đơn): PDF and Excel for a date range, its page and CLI."""
