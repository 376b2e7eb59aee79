"""The tasks training knows are the ones the app knows: both read src/shared/tasks.json."""
from training import norms, tasks, val_data


def test_the_shared_file_names_the_norms_the_network_switch_takes():
    assert sorted(tasks.SHARED["norms"]) == sorted(norms.NORMS)


def test_tasks_scales_and_photo_cases_come_from_the_shared_file():
    assert list(tasks.TASKS) == list(tasks.SHARED["tasks"])
    assert tasks.get_task("sr-x4").scale == 4
    assert tasks.get_task("denoise").metric_space == "rgb"
    assert val_data.PHOTO_CASES["sr-x2"] == ("Kodak24", {"downscale": "pil", "quality": 70})
    assert val_data.PHOTO_CASES["derain"] == ("Rain100H", {"quality": 75})


def test_training_sets_stay_trainings_own():
    # derain's targets are Berkeley photos: its training sets hold none
    assert "BSD200" not in tasks.get_task("derain").train_sets
    assert "BSDS500_test" in tasks.get_task("sr-x2").photo_train_sets
