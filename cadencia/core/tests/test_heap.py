import gc

from cadencia.core import heap


def test_settle_freezes_the_objects_start_up_left() -> None:
    try:
        heap.settle()
        frozen = gc.get_freeze_count()
        assert frozen > 1000  # Django and every app, at least
        assert all(count == 0 for count in gc.get_count()[1:])  # collected before freezing
    finally:
        gc.unfreeze()
