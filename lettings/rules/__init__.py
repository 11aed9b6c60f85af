"""Pure rules for lettings: who may bid for a home, and in what order bidders are ranked."""
