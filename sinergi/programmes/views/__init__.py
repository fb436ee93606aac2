"""Programme pages, one module per area: events and urine tests, volunteers, assessments, Bersinar, recaps."""
