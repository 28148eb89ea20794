"""The voicebot's YAML: it must name an existing chatbot exhibit."""
from __future__ import annotations

import shutil

from kiosk.content.loader import load_content

from .conftest import CONTENT_KO, HERE

ROOT = HERE.parents[1]


def test_shipped_voicebot_uses_the_shipped_chatbot():
    content = load_content(ROOT / "exhibits")
    voicebot = content.exhibit("voicebot")
    assert voicebot is not None, [str(d) for d in content.errors]
    assert content.exhibit(voicebot.definition.chatbot).definition.type == "chatbot"


def test_a_voicebot_naming_a_missing_or_wrong_exhibit_is_skipped(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_KO, folder)
    info = ("id: page\ntype: info\ntitle: {ko: 쪽}\nsummary: {ko: 쪽}\n"
            "pages: [{heading: {ko: 제목}, text: {ko: 본문}}]\n")
    (folder / "page.yaml").write_text(info, encoding="utf-8")
    for target, message in [("nope", "no exhibit with id 'nope' (chatbot exhibits: chatbot)"),
                            ("page", "exhibit 'page' is a info, not a chatbot")]:
        path = folder / "voicebot.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("chatbot: ", f"chatbot: {target} #"), encoding="utf-8")
        content = load_content(folder)
        assert content.exhibit("voix") is None
        [error] = [d for d in content.errors if "voicebot.yaml" in d.file]
        assert error.line == 3 and message in error.message_in("en")
        shutil.copy(CONTENT_KO / "voicebot.yaml", path)
