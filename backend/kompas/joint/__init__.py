"""What the joint-work records share: participants, the ball and its handoffs, status history,
and the two-way links that make the chain drivers → questions → agenda items → successes."""
