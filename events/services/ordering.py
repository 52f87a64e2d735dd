"""Moving one of an ordered set (programme points, photos) a place up or down."""


def swap_with_neighbour(rows, row, step):
    """Swap `row` with its neighbour `step` (-1 up, +1 down) places away in `rows` (locked, in order by `position`);
    at either end nothing changes. Through a free position, so (parent, position) stays unique at every step."""
    index = next(i for i, r in enumerate(rows) if r.pk == row.pk)
    other = index + step
    if not 0 <= other < len(rows):
        return False
    first, second = rows[index], rows[other]
    first_position, second_position = first.position, second.position
    first.position = max(r.position for r in rows) + 1
    first.save(update_fields=["position"])
    second.position = first_position
    second.save(update_fields=["position"])
    first.position = second_position
    first.save(update_fields=["position"])
    return True
