"""Nothing kept too long: a customer's Abgang, and erasing what is past its retention period."""
