"""HamNoSys 4.0 symbol names and their Unicode code points (private-use area U+E000..U+E0F1).

The name/code-point pairs are facts taken from the `conversion_dict.txt` table shipped by the PyPI
package `hamnosys` 0.1.0 (MIT licence, (c) 2026 Mohamed Yehia, https://github.com/24-mohamedyehia/hamnosys).
The parser does not import that package (it is used only for SiGML export): the 209 (name, code point)
facts were copied here, so the parser can name the symbols of the DGS dictionary offline.
Two symbols have ASCII/Latin-1 aliases in that table (hambelowstomach also U+00EE, hamlrbeside also
U+00EF); only the private-use code points are used here.
"""

# (name, code point), in code-point order within each block of the table
SYMBOLS: tuple[tuple[str, int], ...] = (
    ("hamspace", 0x0020),
    ("hamexclaim", 0x0021),
    ("hamcomma", 0x002C),
    ("hamfullstop", 0x002E),
    ("hamquery", 0x003F),
    ("hamaltbegin", 0x007B),
    ("hammetaalt", 0x007C),
    ("hamaltend", 0x007D),
    ("hamfist", 0xE000),
    ("hamflathand", 0xE001),
    ("hamfinger2", 0xE002),
    ("hamfinger23", 0xE003),
    ("hamfinger23spread", 0xE004),
    ("hamfinger2345", 0xE005),
    ("hampinch12", 0xE006),
    ("hampinchall", 0xE007),
    ("hampinch12open", 0xE008),
    ("hamcee12", 0xE009),
    ("hamceeall", 0xE00A),
    ("hamceeopen", 0xE00B),
    ("hamthumboutmod", 0xE00C),
    ("hamthumbacrossmod", 0xE00D),
    ("hamthumbopenmod", 0xE00E),
    ("hamfingerstraightmod", 0xE010),
    ("hamfingerbendmod", 0xE011),
    ("hamfingerhookmod", 0xE012),
    ("hamdoublebent", 0xE013),
    ("hamdoublehooked", 0xE014),
    ("hamextfingeru", 0xE020),
    ("hamextfingerur", 0xE021),
    ("hamextfingerr", 0xE022),
    ("hamextfingerdr", 0xE023),
    ("hamextfingerd", 0xE024),
    ("hamextfingerdl", 0xE025),
    ("hamextfingerl", 0xE026),
    ("hamextfingerul", 0xE027),
    ("hamextfingerol", 0xE028),
    ("hamextfingero", 0xE029),
    ("hamextfingeror", 0xE02A),
    ("hamextfingeril", 0xE02B),
    ("hamextfingeri", 0xE02C),
    ("hamextfingerir", 0xE02D),
    ("hamextfingerui", 0xE02E),
    ("hamextfingerdi", 0xE02F),
    ("hamextfingerdo", 0xE030),
    ("hamextfingeruo", 0xE031),
    ("hampalmu", 0xE038),
    ("hampalmur", 0xE039),
    ("hampalmr", 0xE03A),
    ("hampalmdr", 0xE03B),
    ("hampalmd", 0xE03C),
    ("hampalmdl", 0xE03D),
    ("hampalml", 0xE03E),
    ("hampalmul", 0xE03F),
    ("hamhead", 0xE040),
    ("hamheadtop", 0xE041),
    ("hamforehead", 0xE042),
    ("hameyebrows", 0xE043),
    ("hameyes", 0xE044),
    ("hamnose", 0xE045),
    ("hamnostrils", 0xE046),
    ("hamear", 0xE047),
    ("hamearlobe", 0xE048),
    ("hamcheek", 0xE049),
    ("hamlips", 0xE04A),
    ("hamtongue", 0xE04B),
    ("hamteeth", 0xE04C),
    ("hamchin", 0xE04D),
    ("hamunderchin", 0xE04E),
    ("hamneck", 0xE04F),
    ("hamshouldertop", 0xE050),
    ("hamshoulders", 0xE051),
    ("hamchest", 0xE052),
    ("hamstomach", 0xE053),
    ("hambelowstomach", 0xE054),
    ("hamlrbeside", 0xE058),
    ("hamlrat", 0xE059),
    ("hamcoreftag", 0xE05A),
    ("hamcorefref", 0xE05B),
    ("hamneutralspace", 0xE05F),
    ("hamupperarm", 0xE060),
    ("hamelbow", 0xE061),
    ("hamelbowinside", 0xE062),
    ("hamlowerarm", 0xE063),
    ("hamwristback", 0xE064),
    ("hamwristpulse", 0xE065),
    ("hamthumbball", 0xE066),
    ("hampalm", 0xE067),
    ("hamhandback", 0xE068),
    ("hamthumbside", 0xE069),
    ("hampinkyside", 0xE06A),
    ("hamthumb", 0xE070),
    ("hamindexfinger", 0xE071),
    ("hammiddlefinger", 0xE072),
    ("hamringfinger", 0xE073),
    ("hampinky", 0xE074),
    ("hamfingertip", 0xE075),
    ("hamfingernail", 0xE076),
    ("hamfingerpad", 0xE077),
    ("hamfingermidjoint", 0xE078),
    ("hamfingerbase", 0xE079),
    ("hamfingerside", 0xE07A),
    ("hamwristtopulse", 0xE07C),
    ("hamwristtoback", 0xE07D),
    ("hamwristtothumb", 0xE07E),
    ("hamwristtopinky", 0xE07F),
    ("hammoveu", 0xE080),
    ("hammoveur", 0xE081),
    ("hammover", 0xE082),
    ("hammovedr", 0xE083),
    ("hammoved", 0xE084),
    ("hammovedl", 0xE085),
    ("hammovel", 0xE086),
    ("hammoveul", 0xE087),
    ("hammoveol", 0xE088),
    ("hammoveo", 0xE089),
    ("hammoveor", 0xE08A),
    ("hammoveil", 0xE08B),
    ("hammovei", 0xE08C),
    ("hammoveir", 0xE08D),
    ("hammoveui", 0xE08E),
    ("hammovedi", 0xE08F),
    ("hammovedo", 0xE090),
    ("hammoveuo", 0xE091),
    ("hamcircleo", 0xE092),
    ("hamcirclei", 0xE093),
    ("hamcircled", 0xE094),
    ("hamcircleu", 0xE095),
    ("hamcirclel", 0xE096),
    ("hamcircler", 0xE097),
    ("hamcircleul", 0xE098),
    ("hamcircledr", 0xE099),
    ("hamcircleur", 0xE09A),
    ("hamcircledl", 0xE09B),
    ("hamcircleol", 0xE09C),
    ("hamcircleir", 0xE09D),
    ("hamcircleor", 0xE09E),
    ("hamcircleil", 0xE09F),
    ("hamcircleui", 0xE0A0),
    ("hamcircledo", 0xE0A1),
    ("hamcircleuo", 0xE0A2),
    ("hamcircledi", 0xE0A3),
    ("hamfingerplay", 0xE0A4),
    ("hamnodding", 0xE0A5),
    ("hamswinging", 0xE0A6),
    ("hamtwisting", 0xE0A7),
    ("hamstircw", 0xE0A8),
    ("hamstirccw", 0xE0A9),
    ("hamreplace", 0xE0AA),
    ("hammovecross", 0xE0AD),
    ("hammoveX", 0xE0AE),
    ("hamnomotion", 0xE0AF),
    ("hamclocku", 0xE0B0),
    ("hamclockul", 0xE0B1),
    ("hamclockl", 0xE0B2),
    ("hamclockdl", 0xE0B3),
    ("hamclockd", 0xE0B4),
    ("hamclockdr", 0xE0B5),
    ("hamclockr", 0xE0B6),
    ("hamclockur", 0xE0B7),
    ("hamclockfull", 0xE0B8),
    ("hamarcl", 0xE0B9),
    ("hamarcu", 0xE0BA),
    ("hamarcr", 0xE0BB),
    ("hamarcd", 0xE0BC),
    ("hamwavy", 0xE0BD),
    ("hamzigzag", 0xE0BE),
    ("hamellipseh", 0xE0C0),
    ("hamellipseur", 0xE0C1),
    ("hamellipsev", 0xE0C2),
    ("hamellipseul", 0xE0C3),
    ("hamincreasing", 0xE0C4),
    ("hamdecreasing", 0xE0C5),
    ("hamsmallmod", 0xE0C6),
    ("hamlargemod", 0xE0C7),
    ("hamfast", 0xE0C8),
    ("hamslow", 0xE0C9),
    ("hamtense", 0xE0CA),
    ("hamrest", 0xE0CB),
    ("hamhalt", 0xE0CC),
    ("hamclose", 0xE0D0),
    ("hamtouch", 0xE0D1),
    ("haminterlock", 0xE0D2),
    ("hamcross", 0xE0D3),
    ("hamarmextended", 0xE0D4),
    ("hambehind", 0xE0D5),
    ("hambrushing", 0xE0D6),
    ("hamrepeatfromstart", 0xE0D8),
    ("hamrepeatfromstartseveral", 0xE0D9),
    ("hamrepeatcontinue", 0xE0DA),
    ("hamrepeatcontinueseveral", 0xE0DB),
    ("hamrepeatreverse", 0xE0DC),
    ("hamalternatingmotion", 0xE0DD),
    ("hamseqbegin", 0xE0E0),
    ("hamseqend", 0xE0E1),
    ("hamparbegin", 0xE0E2),
    ("hamparend", 0xE0E3),
    ("hamfusionbegin", 0xE0E4),
    ("hamfusionend", 0xE0E5),
    ("hambetween", 0xE0E6),
    ("hamplus", 0xE0E7),
    ("hamsymmpar", 0xE0E8),
    ("hamsymmlr", 0xE0E9),
    ("hamnondominant", 0xE0EA),
    ("hamnonipsi", 0xE0EB),
    ("hametc", 0xE0EC),
    ("hamorirelative", 0xE0ED),
    ("hammime", 0xE0F0),
    ("hamversion40", 0xE0F1),
)

NAME_BY_CHAR: dict[str, str] = {chr(code): name for name, code in SYMBOLS}
CHAR_BY_NAME: dict[str, str] = {name: chr(code) for name, code in SYMBOLS}

# Slot categories for the parser in `signbridge.knowledge.hamnosys.parse` (our classification, by symbol family)
_HANDSHAPES = ("fist", "flathand", "finger2", "finger23", "finger23spread", "finger2345", "pinch12",
               "pinchall", "pinch12open", "cee12", "ceeall", "ceeopen")
_THUMB = ("thumboutmod", "thumbacrossmod", "thumbopenmod")
_BENDING = ("fingerstraightmod", "fingerbendmod", "fingerhookmod", "doublebent", "doublehooked")
_FINGERS = ("thumb", "indexfinger", "middlefinger", "ringfinger", "pinky")
_FINGER_PARTS = ("fingertip", "fingernail", "fingerpad", "fingermidjoint", "fingerbase", "fingerside")
_DIRS = ("u", "ur", "r", "dr", "d", "dl", "l", "ul", "ol", "o", "or", "il", "i", "ir", "ui", "di", "do", "uo")
_PALMS = ("u", "ur", "r", "dr", "d", "dl", "l", "ul")
_HEAD = ("head", "headtop", "forehead", "eyebrows", "eyes", "nose", "nostrils", "ear", "earlobe",
         "cheek", "lips", "tongue", "teeth", "chin", "underchin", "neck")
_BODY = ("shouldertop", "shoulders", "chest", "stomach", "belowstomach")
_ARM_HAND = ("upperarm", "elbow", "elbowinside", "lowerarm", "wristback", "wristpulse", "thumbball",
             "palm", "handback", "thumbside", "pinkyside", "wristtopulse", "wristtoback",
             "wristtothumb", "wristtopinky")
_CONTACT = ("close", "touch", "interlock", "cross", "brushing", "behind", "armextended")
_CIRCLE_DIRS = _DIRS
_CLOCK = ("u", "ul", "l", "dl", "d", "dr", "r", "ur", "full")
_WRIST_MOTION = ("fingerplay", "nodding", "swinging", "twisting", "stircw", "stirccw")
_MOTION_MODS = ("arcl", "arcu", "arcr", "arcd", "wavy", "zigzag", "ellipseh", "ellipseur", "ellipsev",
                "ellipseul", "increasing", "decreasing", "smallmod", "largemod", "fast", "slow",
                "tense", "rest", "halt")
_REPEAT = ("repeatfromstart", "repeatfromstartseveral", "repeatcontinue", "repeatcontinueseveral",
           "repeatreverse")


def _category_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for names, cat in ((_HANDSHAPES, "handshape"), (_THUMB, "thumb"), (_BENDING, "bending"),
                       (_FINGERS, "finger"), (_FINGER_PARTS, "fingerpart"), (_HEAD, "site"),
                       (_BODY, "site"), (_ARM_HAND, "handpart"), (_CONTACT, "contact"),
                       (_WRIST_MOTION, "wristmotion"), (_MOTION_MODS, "modifier"), (_REPEAT, "repeat")):
        for n in names:
            table["ham" + n] = cat
    for d in _DIRS:
        table["hamextfinger" + d] = "extfinger"
        table["hammove" + d] = "move"
        table["hamcircle" + d] = "circle"
    for d in _PALMS:
        table["hampalm" + d] = "palm"
    for c in _CLOCK:
        table["hamclock" + c] = "modifier"
    table.update({
        "hamneutralspace": "site", "hamlrat": "side", "hamlrbeside": "side",
        "hamorirelative": "orirelative", "hammovecross": "move", "hammoveX": "move",
        "hamnomotion": "nomotion", "hamreplace": "replace", "hamalternatingmotion": "alternating",
        "hamsymmlr": "symmetry", "hamsymmpar": "symmetry", "hamnondominant": "nondominant",
        "hamparbegin": "parbegin", "hamparend": "parend", "hamseqbegin": "seqbegin",
        "hamseqend": "seqend", "hamfusionbegin": "fusionbegin", "hamfusionend": "fusionend",
        "hambetween": "between", "hamplus": "plus",
    })
    return table


CATEGORY: dict[str, str] = _category_table()  # symbol name -> slot category (absent = not interpreted)


def symbol_names(notation: str) -> list[str]:
    """Names of the symbols of a HamNoSys string; unknown characters as '?U+XXXX'."""
    return [NAME_BY_CHAR.get(ch, f"?U+{ord(ch):04X}") for ch in notation]


# Groups of symbols that several readers share (the parser, descriptions, the animator)
FINGERS = tuple("ham" + f for f in _FINGERS)  # thumb, index, middle, ring, little finger
# base forms whose selected fingers a bare finger symbol replaces ("hamfinger2 hampinky": the little
# finger instead of the index)
SELECTS_FINGERS = frozenset({"hamfinger2", "hamfinger23", "hamfinger23spread", "hampinch12", "hampinch12open",
                             "hamcee12"})
# arm parts: a hand part of the signer's own arm, or (written as a location) a site on the other arm
ARM_PARTS = frozenset({"hamupperarm", "hamelbow", "hamelbowinside", "hamlowerarm"})
# body regions of the location sites
FACE_SITES = frozenset({"hamhead", "hamheadtop", "hamforehead", "hameyebrows", "hameyes", "hamnose", "hamnostrils",
                        "hamear", "hamearlobe", "hamcheek", "hamchin", "hamunderchin"})
MOUTH_SITES = frozenset({"hamlips", "hamtongue", "hamteeth"})
BODY_SITES = frozenset({"hamneck", "hamshouldertop", "hamshoulders", "hamchest", "hamstomach", "hambelowstomach",
                        "hamupperarm", "hamelbow", "hamelbowinside", "hamlowerarm"})
