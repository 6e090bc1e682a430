"""The browsers of bench/console_events.py: one WebSocket per agent, in a process of their own
(no Django), so a busy driver does not delay when events are seen to arrive.

    python bench/console_sockets.py URL ORIGIN COOKIES.json

Prints ``ready`` once every socket is open, then one JSON line per event received:
``[agent index, type, key, wall-clock time]``.
"""

import asyncio
import json
import sys
import time

import websockets


def key_of(message: dict) -> object:
    data = message.get("data") or {}
    if message.get("type") == "call.changed":
        return [data.get("call_id"), data.get("state")]
    if message.get("type") == "disposition.saved":
        return data.get("disposition_id")
    return None


async def listen(index: int, url: str, origin: str, cookie: str, opened: asyncio.Event) -> None:
    headers = {"Cookie": cookie, "Origin": origin}
    async with websockets.connect(url, additional_headers=headers, max_queue=None) as socket:
        opened.set()
        async for text in socket:
            at = time.time()
            message = json.loads(text)
            key = key_of(message)
            if key is not None:
                sys.stdout.write(json.dumps([index, message["type"], key, at]) + "\n")
                sys.stdout.flush()


async def main(url: str, origin: str, cookies: list[str]) -> None:
    tasks = []
    for index, cookie in enumerate(cookies):
        opened = asyncio.Event()
        tasks.append(asyncio.create_task(listen(index, url, origin, cookie, opened)))
        await asyncio.wait_for(opened.wait(), 30)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    await asyncio.gather(*tasks)


if __name__ == "__main__":
    with open(sys.argv[3]) as handle:
        asyncio.run(main(sys.argv[1], sys.argv[2], json.load(handle)))
