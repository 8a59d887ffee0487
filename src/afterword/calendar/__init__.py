"""The calendar feed: actions, interviews and offer deadlines for calendar apps."""
