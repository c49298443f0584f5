"""Table interpretation shared by every carrier: column roles, task tables, numbering.

Readers (`loaders/readers/`) state tables; this package says what they mean.
"""
