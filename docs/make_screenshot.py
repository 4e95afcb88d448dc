"""Write docs/screenshot.svg, the README's picture: a lesson screen at 120×40, drawn by Textual.

Run from the repository: python docs/make_screenshot.py
"""
import asyncio
import tempfile
from pathlib import Path

from workbench.app.app import make_app

HERE = Path(__file__).resolve().parent


async def main() -> None:
    with tempfile.TemporaryDirectory() as state:
        app = make_app(lesson_id="perceptron", step=3, state_dir=Path(state), lang="en")
        app.animation_level = "none"
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("3", "plus", "plus", "plus")
            await pilot.pause(0.5)
            app.save_screenshot("screenshot.svg", path=str(HERE))


if __name__ == "__main__":
    asyncio.run(main())
