"""What `new-year` needs: the values a new year lacks and the blank cells to add them in."""
