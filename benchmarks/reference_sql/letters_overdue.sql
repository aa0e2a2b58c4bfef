-- Letter register, overdue filter: letters whose handling due date (the earliest open D10/D21/D22
-- clock, kept on the row as handling_due_on) lies before today, in the register's order.
SELECT * FROM letter
WHERE agency_in_charge_id IN :agencies AND is_void = false AND handling_due_on < :today
ORDER BY received_on DESC, id DESC
LIMIT :page;
