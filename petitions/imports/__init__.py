"""Import of the reception books and letter registers that offices kept in Excel before this system."""
