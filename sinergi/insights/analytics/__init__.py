"""Analytics: the export of roll-up numbers over regions and semesters, as a page and as an API endpoint
(selectors, views, api, urls)."""
