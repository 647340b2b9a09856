"""Conversation openers for a table's hosts, drawn from the research areas the table shares.

An area the demo knows has a question of its own (by slug); any other area fills a general question
with its name, so an organizer's new area needs no code. The choice is fixed by the table's number,
so a card printed twice says the same and two neighbouring tables do not ask the same question.
"""
from django.utils.translation import gettext_lazy

AREA_OPENERS = {
    "computer-vision": gettext_lazy("Which vision task looks solved in papers but still fails on real cameras?"),
    "generative-models": gettext_lazy("How would you tell whether a generative model has understood its data or "
                                      "only memorised it?"),
    "large-language-models": gettext_lazy("What should a language model never be trusted to do, even a "
                                          "much better one?"),
    "multimodal-learning": gettext_lazy("Which pair of modalities is the hardest to align, and why?"),
    "3d-vision": gettext_lazy("What would change if every phone captured accurate 3D?"),
    "robotics": gettext_lazy("What is the simplest household task robots still cannot do?"),
    "reinforcement-learning": gettext_lazy("Where does reinforcement learning work outside games and simulators "
                                           "today?"),
    "video-understanding": gettext_lazy("What does a model need to understand a whole film rather than a clip?"),
    "autonomous-driving": gettext_lazy("Which rare situation on the road worries you most for self-driving cars?"),
    "efficient-ml": gettext_lazy("Which model would you most like to run on a phone, and what stops it?"),
    "trustworthy-ai": gettext_lazy("How would you show a regulator that a model is fair enough?"),
    "speech-and-audio": gettext_lazy("Which sound is still hardest for machines to recognise?"),
    "medical-imaging": gettext_lazy("What would make doctors trust an imaging model in daily work?"),
    "embodied-ai": gettext_lazy("What can an agent learn from a body that it cannot learn from text?"),
}

GENERAL = [
    gettext_lazy("What first drew you to %(area)s, and what would you work on next?"),
    gettext_lazy("Which recent result in %(area)s surprised you most?"),
    gettext_lazy("What is the hardest open problem in %(area)s that few people talk about?"),
    gettext_lazy("Which dataset or tool for %(area)s do you wish existed?"),
]

BRIDGE = gettext_lazy("Where do %(first)s and %(second)s meet in your own work?")

WITHOUT_AREA = [
    gettext_lazy("What are you working on that you would most like to talk about tonight?"),
    gettext_lazy("Which talk or poster at the conference should everyone here see?"),
]


def _general(area, turn):
    return str(GENERAL[turn % len(GENERAL)]) % {"area": area.display_name}


def _own_or_general(area, turn):
    own = AREA_OPENERS.get(area.slug)
    return str(own) if own else _general(area, turn)


def openers(areas, *, turn):
    """Two questions in the active language, from `areas` (ResearchArea, the most shared first).

    `turn` (the table's number) picks among the general questions.
    """
    if not areas:
        return [str(question) for question in WITHOUT_AREA]
    first = areas[0]
    if len(areas) == 1:
        return [_own_or_general(first, turn), _general(first, turn + 1)]
    second = areas[1]
    if first.slug in AREA_OPENERS or second.slug in AREA_OPENERS:
        return [_own_or_general(first, turn), _own_or_general(second, turn + 1)]
    # Two areas without questions of their own: one about the first, one about where both meet.
    return [_general(first, turn), str(BRIDGE) % {"first": first.display_name, "second": second.display_name}]
