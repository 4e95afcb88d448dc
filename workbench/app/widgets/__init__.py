"""Widgets more than one pane uses: the digit canvas (`digit_canvas.DigitCanvas`) and the line that
says where a trained network comes from (`network_status.NetworkStatus`)."""
