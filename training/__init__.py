"""iLN Restore training package: network (LN | i-LN), degradations, training, evaluation, export."""
