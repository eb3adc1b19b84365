"""English words for HamNoSys symbols (tables only; the phrases are built in `hamnosys_phrases`)."""

HANDSHAPE = {
    "hamfist": "a fist", "hamflathand": "a flat hand",
    "hamfinger2": "the index finger extended", "hamfinger23": "index and middle fingers extended together",
    "hamfinger23spread": "index and middle fingers extended and spread in a V",
    "hamfinger2345": "all four fingers extended and spread",
    "hampinch12": "thumb and index finger pinched together", "hampinchall": "all fingertips pinched together with the thumb",
    "hampinch12open": "thumb and index finger in an open pinch", "hamcee12": "thumb and index finger forming a C",
    "hamceeall": "all fingers and thumb forming a C", "hamceeopen": "an open C shape",
}
THUMB = {"hamthumboutmod": "thumb extended to the side", "hamthumbacrossmod": "thumb across the fingers",
         "hamthumbopenmod": "thumb opposed, open"}
BENDING = {"hamfingerstraightmod": "fingers straight", "hamfingerbendmod": "fingers bent at the base joints",
           "hamfingerhookmod": "fingers hooked", "hamdoublebent": "fingers double-bent",
           "hamdoublehooked": "fingers double-hooked"}
FINGER = {"hamthumb": "thumb", "hamindexfinger": "index finger", "hammiddlefinger": "middle finger",
          "hamringfinger": "ring finger", "hampinky": "little finger"}
PART = {
    "hamfingertip": "fingertip", "hamfingernail": "fingernail", "hamfingerpad": "finger pad",
    "hamfingermidjoint": "middle finger joint", "hamfingerbase": "finger base", "hamfingerside": "side of the finger",
    "hamupperarm": "upper arm", "hamelbow": "elbow", "hamelbowinside": "inside of the elbow",
    "hamlowerarm": "forearm", "hamwristback": "back of the wrist", "hamwristpulse": "pulse side of the wrist",
    "hamthumbball": "ball of the thumb", "hampalm": "palm", "hamhandback": "back of the hand",
    "hamthumbside": "thumb side of the hand", "hampinkyside": "little-finger side of the hand",
    "hamwristtopulse": "wrist (pulse side)", "hamwristtoback": "wrist (back)",
    "hamwristtothumb": "wrist (thumb side)", "hamwristtopinky": "wrist (little-finger side)",
}
PART.update(FINGER)
_FINGER_PART = {"hamfingertip": "tip", "hamfingernail": "nail", "hamfingerpad": "pad", "hamfingermidjoint": "middle joint",
                "hamfingerbase": "base", "hamfingerside": "side"}  # "the pad of the thumb"
SITE = {
    "hamhead": "the head", "hamheadtop": "the top of the head", "hamforehead": "the forehead",
    "hameyebrows": "the eyebrows", "hameyes": "the eyes", "hamnose": "the nose", "hamnostrils": "the nostrils",
    "hamear": "the ear", "hamearlobe": "the earlobe", "hamcheek": "the cheek", "hamlips": "the lips",
    "hamtongue": "the tongue", "hamteeth": "the teeth", "hamchin": "the chin", "hamunderchin": "the area under the chin",
    "hamneck": "the neck", "hamshouldertop": "the top of the shoulder", "hamshoulders": "shoulder height",
    "hamchest": "the chest", "hamstomach": "the stomach", "hambelowstomach": "below the stomach",
    "hamneutralspace": "neutral space in front of the body",
}
CONTACT = {"hamclose": "close to", "hamtouch": "touching", "haminterlock": "interlocked with",
           "hamcross": "crossed with", "hambrushing": "brushing", "hambehind": "behind",
           "hamarmextended": "with the arm extended towards"}
WRIST = {"hamfingerplay": "the fingers wiggle", "hamnodding": "the wrist nods", "hamswinging": "the wrist swings",
         "hamtwisting": "the forearm twists", "hamstircw": "the wrist stirs clockwise",
         "hamstirccw": "the wrist stirs anticlockwise"}
MODIFIER = {
    "hamarcl": "curving to the left", "hamarcu": "curving upwards", "hamarcr": "curving to the right",
    "hamarcd": "curving downwards", "hamwavy": "in a wavy line", "hamzigzag": "in a zigzag",
    "hamellipseh": "as a horizontal ellipse", "hamellipsev": "as a vertical ellipse",
    "hamellipseur": "as a diagonal ellipse", "hamellipseul": "as a diagonal ellipse",
    "hamincreasing": "in a spiral growing larger", "hamdecreasing": "in a spiral growing smaller",
    "hamsmallmod": "small", "hamlargemod": "large", "hamfast": "fast", "hamslow": "slow",
    "hamtense": "tense", "hamrest": "relaxed", "hamhalt": "stopping abruptly",
    "hamclocku": "starting at the top", "hamclockul": "starting at the upper left", "hamclockl": "starting at the left",
    "hamclockdl": "starting at the lower left", "hamclockd": "starting at the bottom",
    "hamclockdr": "starting at the lower right", "hamclockr": "starting at the right",
    "hamclockur": "starting at the upper right", "hamclockfull": "more than a full turn",
}
REPEAT = {"hamrepeatfromstart": "repeated once from the start", "hamrepeatfromstartseveral": "repeated several times",
          "hamrepeatcontinue": "repeated, continuing from the end point",
          "hamrepeatcontinueseveral": "repeated several times, continuing from the end point",
          "hamrepeatreverse": "done back and forth"}
_AXIS = {"u": "up", "d": "down", "l": "to the left", "r": "to the right", "o": "away from the body",
         "i": "towards the body"}
# how a base form reads when finger symbols replace its selected fingers
SELECTED = {"hamfinger2": "the {f} extended", "hamfinger23": "the {f} extended together",
            "hamfinger23spread": "the {f} extended and spread", "hampinch12": "thumb and the {f} pinched together",
            "hampinch12open": "thumb and the {f} in an open pinch", "hamcee12": "thumb and the {f} forming a C"}

SHORT_SHAPE = {"hamfist": "fist", "hamflathand": "flat hand", "hamfinger2": "index finger",
               "hamfinger23": "index+middle fingers", "hamfinger23spread": "V hand", "hamfinger2345": "spread hand",
               "hampinch12": "thumb-index pinch", "hampinchall": "all-finger pinch", "hampinch12open": "open pinch",
               "hamcee12": "thumb-index C", "hamceeall": "C hand", "hamceeopen": "open C"}
_SHORT_AXIS = {"u": "up", "d": "down", "l": "left", "r": "right", "o": "forward", "i": "in"}
