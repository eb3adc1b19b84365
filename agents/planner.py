"""The offline planner: reads a request with rules (no model) and plans the tool calls.

`understand(prompt, previous)` finds the intent, the sign language, the text to sign/spell/look up
and any file paths; `plan(understanding)` turns that into the same tool calls an LLM would emit.
It is rule-based and says so: the answer reports `backend: offline` and the assumptions made (e.g.
"no sign language named: assumed DGS from the German request").

Recognised phrasings follow SignLLM's Prompt2LangGloss templates ("How would you express '{Text}'
in sign language?", "Wie sage ich '{Text}' in Gebärdensprache?") plus their counterparts in French,
Spanish, Italian, Portuguese, Turkish and Korean.

>>> u = understand("how do I sign thank you in KSL?")
>>> (u.intent, u.language, u.text)
('sign', 'kvk', 'thank you')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Literal

from signbridge.agents.textspans import (
    Span, file_paths, fold, generic_sign_language_spans, language_spans, quoted_spans,
)

Intent = Literal["sign", "fingerspell", "lookup", "describe", "translate", "recognize", "languages", "help", "unsupported"]
INTENTS: tuple[str, ...] = Intent.__args__  # type: ignore[attr-defined]


@dataclass
class Understanding:
    """What the planner (or an LLM's tool calls) understood of a request."""

    intent: Intent
    language: str | None = None  # ISO 639-3 sign-language code
    text: str | None = None  # the word/sentence to sign, spell, look up or describe
    language_assumed: bool = False  # True: no language named, picked from the request's spoken language
    input_path: str | None = None  # a video/pose file to translate or recognise (as written)
    out_path: str | None = None  # a requested .pose output (as written; the tool confines it)
    renders: list[str] = field(default_factory=list)  # requested render formats: gif, mp4, html, svg
    notes: list[str] = field(default_factory=list)  # what the planner assumed or ignored, for the answer


@dataclass(frozen=True)
class PlannedCall:
    tool: str
    args: dict


# ---------------------------------------------------------------------------------------------
# Intent cues, matched on folded text (lower case, accents removed, 'ı' -> 'i', punctuation -> space).
# Each is a list of regex fragments; a cue is found anywhere in the text outside quotes.

def _rx(*parts: str) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


_FINGERSPELL = _rx(
    r"finger ?spell?\w*", r"spell\w*", r"buchstabier\w*", r"fingeralphabet\w*", r"fingerbuchstab\w*",
    r"epel\w*", r"dactylolog\w*", r"deletre\w*", r"dactilolog\w*", r"alfabeto manual", r"dattilolog\w*",
    r"soletr\w*", r"datilolog\w*", r"parmak alfabe\w*", r"hecele\w*", r"harf harf", r"(?:the )?letters (?:of|in)", r"letter by letter", r"buchstabe fur buchstabe",
    r"lettre par lettre", r"letra por letra", r"lettera per lettera", r"spel", r"spellen", r"przeliteruj\w*", r"literuj\w*",
    r"지문자\w*", r"지화\w*", r"철자\w*",
)
_DESCRIBE = _rx(
    r"describ\w*", r"description", r"handshapes?", r"hand shapes?", r"what does (?:the |a )?(?:\w+ )?sign (?:for|of) (?:.+ )?look like",
    r"how is (?:the |a )?(?:\w+ )?sign (?:for|of) (?:.+ )?(?:made|formed|performed|executed|done)",
    r"explain how (?:to|do i|do you|one) (?:make|form|perform|do)", r"how (?:do|to) (?:i |you |we )?(?:make|form) the sign", r"explain (?:the sign|how the sign)",
    r"beschreib\w*", r"handform\w*", r"wie wird die gebarde .+ ausgefuhrt", r"wie sieht (?:die|eine) gebarde .+ aus", r"a quoi ressemble",
    r"como se ve (?:la|una) sena", r"decri\w*", r"description",
    r"descri\w*", r"descrizione", r"descrev\w*", r"descricao", r"tarif \w+", r"acikla\w*", r"betimle\w*",
    r"설명\w*", r"묘사\w*",
)
_LOOKUP = _rx(
    r"look ?(?:it )?up", r"lookup", r"dictionar(?:y|ies)", r"search\w*", r"find", r"gloss(?:es)? (?:for|of)",
    r"is there (?:a |an |any )?(?:\w+ )?sign", r"signwriting (?:for|of)", r"(?:an |any )?entr(?:y|ies) for", r"lexicon", r"lexikon", r"hamnosys (?:for|of)",
    r"nachschlag\w*", r"schlag\w* .+ nach", r"worterbuch\w*", r"such(?:e|en|t)", r"finde\w*", r"glosse",
    r"cherch\w*", r"dictionnaire", r"recherch\w*", r"trouv\w*",
    r"busca\w*", r"diccionario", r"encuentra\w*",
    r"cerca(?:re)?", r"dizionario", r"trova\w*",
    r"procur\w*", r"dicionario", r"pesquis\w*", r"encontr\w*",
    r"sozluk\w*", r"ara(?:r|yin|sana)?", r"bul(?:ur musun)?",
    r"사전\w*", r"찾아\w*", r"검색\w*",
)
_TRANSLATE = _rx(
    r"translat\w*", r"transcri\w*", r"what does (?:this|the|that) .*(?:video|clip|signer|recording|pose).* (?:say|mean)",
    r"what is (?:this|the) signer saying", r"ubersetz\w*", r"tradu\w*", r"cevir\w*", r"번역\w*",
)
_RECOGNIZE = _rx(
    r"recogni[sz]\w*", r"identif\w*", r"classif\w*", r"which sign", r"what sign is", r"erkenn\w*",
    r"welche gebarde", r"reconna\w*", r"quel signe", r"reconoc\w*", r"que sena", r"riconosc\w*",
    r"quale segno", r"reconhec\w*", r"qual sinal", r"tani\w*", r"hangi isaret", r"인식\w*",
)
_LANGUAGES = _rx(
    r"(?:which|what) (?:sign )?languages", r"list (?:the |all )?(?:sign )?languages", r"supported (?:sign )?languages",
    r"languages (?:do you|are|can you)", r"do you (?:support|know|have|cover)", r"is \w+ supported",
    r"what (?:do you have|is installed|data do you have)", r"languages",
    r"welche (?:gebarden)?sprachen", r"unterstutz\w*", r"quelles langues", r"langues (?:prises|supportees)",
    r"que(?:s|les)? lenguas", r"lenguas (?:soportadas|disponibles)", r"quali lingue", r"quais (?:as )?linguas",
    r"hangi (?:isaret )?dil\w*", r"desteklen\w*", r"어떤 (?:수어|수화|언어)\w*", r"지원\w*", r"언어 목록",
)
_LANGUAGES_STRONG = _rx(
    r"(?:which|what) (?:sign )?languages", r"list (?:the |all )?(?:sign )?languages", r"supported (?:sign )?languages",
    r"do you (?:support|know|cover)", r"is \w+ supported", r"welche (?:gebarden)?sprachen", r"quelles langues",
    r"que(?:s|les)? lenguas", r"quali lingue", r"quais (?:as )?linguas", r"hangi (?:isaret )?dil\w*",
    r"어떤 (?:수어|수화|언어)\w*", r"언어 목록",
)
_HELP = _rx(
    r"help", r"what can you do", r"how (?:does|do) (?:this|you) work", r"who are you", r"what are you",
    r"hilfe", r"was kannst du", r"aide", r"(?:que|quest ce que|questce que) (?:tu peux|tu sais|peux tu|sais tu|vous pouvez|pouvez vous) faire", r"ayuda", r"que puedes hacer",
    r"aiuto", r"cosa (?:sai|puoi) fare", r"ajuda", r"o que (?:voce|vc) (?:pode|sabe) fazer", r"yardim\w*",
    r"ne yapabilirsin", r"도움\w*", r"뭘 할 수", r"무엇을 할 수",
)
_GREETING = re.compile(r"^\W*(?:hi|hello|hey|hallo|guten (?:tag|morgen|abend)|good (?:morning|evening|afternoon)|"
                       r"bonjour|salut|hola|buenos dias|ciao|buongiorno|ola|oi|bom dia|merhaba|selam|안녕\w*)"
                       r"(?: there)?\W*$")
# a "how" question about signing ("how ... in sign language", "wie ... in Gebärdensprache")
_HOW = _rx(r"how", r"wie", r"comment", r"como", r"come", r"nasil", r"어떻게", r"hoe", r"jak", r"what'?s the sign", r"what is the sign",
           r"was heisst", r"was ist die gebarde", r"quel est le signe", r"cual es la sena", r"qual e o sinal",
           r"qual e il segno")
# strong signing verbs: enough alone to mean "show me the sign"
_SIGN = _rx(
    r"sign(?:ed|ing|s)?(?! languages?)", r"sign(?: language)? (?:for|of)", r"say", r"produc\w*", r"generat\w*",
    r"render\w*", r"animat\w*", r"said", r"express\w*", r"show me", r"articulat\w*", r"denot\w*", r"represent\w*",
    r"demonstrat\w*", r"materializ\w*", r"gebard\w*", r"ausdruck\w*", r"ausgedruckt", r"zeig\w*", r"darstell\w*",
    r"dargestellt", r"stellt man", r"dit on", r"dire", r"signe\w*", r"montre\w*", r"exprim\w*",
    r"se dice", r"decir", r"digo", r"sena\w*", r"signa\w*", r"muestra\w*", r"expresa\w*",
    r"si dice", r"segn\w*", r"mostra\w*", r"esprim\w*", r"diz", r"dizer", r"sinal\w*", r"mostr\w*",
    r"isaret\w*", r"soyle\w*", r"soylenir", r"goster\w*", r"yapilir",
    r"수어\w*", r"수화\w*", r"표현\w*", r"말해\w*", r"알려\w*",
    r"gebaar\w*", r"pokaz\w*", r"migac", r"miga\w*",
)
# requests outside the product: these win when no signing verb is present
_OFF_TOPIC = _rx(
    r"poem", r"weather", r"joke", r"recipe", r"story", r"essay", r"stock", r"news", r"capital of", r"email",
    r"passwords?", r"python", r"code", r"shell", r"execute", r"run", r"delete", r"rm", r"cat", r"read",
    r"wetter", r"gedicht", r"witz", r"meteo", r"poeme", r"blague", r"tiempo", r"poema", r"chiste", r"tempo",
    r"barzelletta", r"piada", r"hava durumu", r"siir", r"fikra", r"날씨", r"시", r"농담",
)
_QUESTION = _rx(r"what", r"who", r"why", r"when", r"where", r"which", r"tell", r"about", r"history", r"is", r"are",
                r"was", r"wer", r"warum", r"qui", r"pourquoi", r"quien", r"por que", r"chi", r"perche", r"quem")
# Japanese and Chinese have no spaces between words: these cues match anywhere
_CJK_SIGN = re.compile(r"表現|どう|どうやって|手話|怎么|怎样|如何|手语|手語")
_FOLLOW_UP = re.compile(r"^\W*(?:and|und|et|y|e|ve|also|now|what about|how about|and now|same|again|auch|noch|"
                        r"und (?:jetzt|auf|in)|et en|y en|e in|e em|그리고|또|이번엔)(?!\w)")
_RENDER_WORDS = {"gif": r"gif", "mp4": r"mp4|video|movie|film|animation|clip|vidéo|vídeo", "html": r"html|web ?page",
                 "svg": r"svg"}

# the sign language people most likely mean when they name none, by the request's spoken language
_DEFAULT_BY_SPOKEN = {"en": "ase", "de": "gsg", "fr": "fsl", "es": "ssp", "it": "ise", "pt": "bzs", "tr": "tsm",
                      "ko": "kvk", "zh": "csl", "ja": "jsl", "nl": "dse", "pl": "pso"}
_SPOKEN_CUES = {
    "de": _rx(r"wie", r"ich", r"man", r"gebard\w*", r"sagt", r"sage", r"das", r"der", r"die", r"ist", r"und",
              r"bitte", r"mir", r"zeig\w*", r"buchstabier\w*", r"heisst", r"fur", r"mochte", r"konnen", r"sie"),
    "fr": _rx(r"comment", r"dit on", r"le", r"la", r"les", r"des", r"signe", r"je", r"moi", r"est ce", r"pour",
              r"en langue", r"s il", r"epel\w*", r"montre\w*", r"quel\w*"),
    "es": _rx(r"como", r"se dice", r"sena\w*", r"el", r"la", r"lengua", r"por favor", r"deletre\w*", r"para",
              r"que", r"en lengua", r"signos", r"dime", r"muestra\w*", r"palabra"),
    "it": _rx(r"come", r"si dice", r"segn\w*", r"il", r"lingua dei", r"nella", r"per favore", r"parola", r"della",
              r"mostra\w*", r"dimmi", r"cosa"),
    "pt": _rx(r"como", r"se diz", r"sinal\w*", r"em", r"lingua de sinais", r"palavra", r"o", r"voce", r"mostr\w*",
              r"por favor", r"diga", r"faz", r"soletr\w*"),
    "tr": _rx(r"nasil", r"isaret\w*", r"dilinde", r"kelime\w*", r"lutfen", r"bana", r"ne", r"mi", r"ile",
              r"soylenir", r"yapilir", r"goster\w*"),
    "nl": _rx(r"hoe", r"zeg je", r"gebaar\w*", r"gebarentaal", r"het", r"een", r"wat", r"ik", r"je", r"voor",
              r"alsjeblieft", r"spel\w*"),
    "pl": _rx(r"jak", r"w", r"sie", r"migow\w*", r"jezyk\w*", r"pokaz\w*", r"powiedziec", r"prosze", r"znak",
              r"przeliteruj\w*", r"migac"),
    "en": _rx(r"how", r"do", r"i", r"you", r"the", r"sign", r"say", r"what", r"in", r"please", r"is", r"me",
              r"spell", r"can", r"word"),
}


def _spoken_language_of(folded: str, raw: str) -> str | None:
    """The spoken language a request is written in (a rough vote of function words)."""
    if re.search(r"[\uac00-\ud7a3]", raw):
        return "ko"
    if re.search(r"[\u3040-\u30ff]", raw):
        return "ja"
    if re.search(r"[\u4e00-\u9fff]", raw):
        return "zh"
    if re.search(r"[ığş]", raw.lower()) or "isaret" in folded:
        return "tr"
    scores = {lang: len(cue.findall(folded)) for lang, cue in _SPOKEN_CUES.items()}
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] else None


# ---------------------------------------------------------------------------------------------
# Where the text to sign starts (after the last of these cues) and stops (before these).

_START = re.compile(r"(?<!\w)(?:" + "|".join([
    # English (Prompt2LangGloss Part I/II): "how do I say X", "the sign for X", "sign X"
    r"how (?:do|would|can|should|could|might|does|did) (?:i|you|we|one|people|someone|they|u) (?:correctly |properly )?"
    r"(?:say|sign|express|articulate|fingerspell?|finger spell?|spell|show|represent|denote|do|make|write)(?: out)?",
    r"how to (?:say|sign|express|fingerspell|spell)(?: out)?",
    r"how (?:is|are|does|do|would|will)",
    r"(?:elucidate|explain|tell me|show me|learn|wondering|intrigued to learn|interested in learning) how(?: to (?:say|sign))?",
    r"(?:what'?s|what is|whats) the (?:\w+ )?(?:sign|gesture|gloss|signwriting|hamnosys)(?: language)? (?:for|of)",
    r"(?:the |a )?(?:sign|gesture|gloss|glosses|signwriting|hamnosys|description|handshape|entry|entries)"
    r"(?: language)? (?:for|of)",
    r"(?:search|look up|lookup|find|check)(?: in)? (?:the |a )?(?:\w+ )?(?:dictionary|lexicon)(?: for)?",
    r"look (?:it|this|that) up(?: in)?",
    r"(?:please )?(?:sign|say|express|fingerspell?|finger spell?|spell|look up|lookup|search(?: for)?|find|describe|"
    r"produce|generate|make|show|translate|convert)(?: me)?(?: the (?:word|phrase|name|sentence))?(?: out)?",
    r"(?:mastering|learn|learning|know) the sign(?: language)? for",
    r"(?:the )?method to sign", r"(?:the )?spelling (?:of|for)", r"(?:is|are) there (?:a |any )?(?:sign|signs|entry|entries) for",
    # German (Part III/IV)
    r"wie (?:gebardet|gebardest|sagt|sage|sagst|zeigt|zeige|buchstabiert|buchstabiere|macht|drucke|druckt) "
    r"(?:man|ich|du|sie|mann)(?: das wort| den satz| den namen)?",
    r"wie (?:wurden|wurde|konnte|kann|soll) (?:sie|ich|man|du)", r"wie (?:wird|stellt man|sieht)",
    r"wie man", r"mich interessiert wie", r"(?:die )?(?:gebardensprache|gebarde|glosse|gebarden) (?:fur|von|zu)",
    r"was (?:heisst|ist)", r"schlag\w*(?: bitte| mal| mir)*", r"(?:bitte )?(?:gebarde|buchstabiere|zeige|zeig|schlage|suche|beschreibe)(?: mir)?(?: bitte)?"
    r"(?: das wort| den namen| den satz)?",
    r"(?:demonstrieren|zeigen) sie (?:mir )?(?:bitte )?(?:die gebarde fur)?",
    # French
    r"comment (?:dit on|on dit|signe t on|on signe|signer|dire|epeler|epelle t on|on epelle|fait on|se signe)",
    r"(?:le |un )?signe (?:pour|de)", r"(?:epelle|epeler|signe|montre moi|decris|cherche)(?: le mot| le nom| moi)?",
    # Spanish
    r"como (?:se (?:dice|signa|hace|deletrea|expresa)|digo|signo|deletreo|hago)(?: la sena de)?",
    r"(?:la |una )?sena (?:para|de)", r"(?:deletrea|busca|describe|muestrame|signa)(?: la palabra| el nombre)?",
    # Italian
    r"come (?:si (?:dice|segna|fa|dattilologa|esprime)|dico|segno)", r"(?:il |un )?segno (?:per|di)",
    r"(?:descrivi|cerca|mostrami|fai lo spelling di)(?: la parola)?",
    # Portuguese
    r"como (?:(?:e que )?se (?:diz|faz|sinaliza|soletra|expressa)|digo|faco|soletro|sinalizo)",
    r"(?:o |um )?sinal (?:de|para|do|da)", r"(?:soletre|descreva|procure|mostre)(?: a palavra| o nome)?",
    # Dutch and Polish (a few common phrasings)
    r"hoe (?:zeg|gebaar|gebaart|spel) (?:je|ik|men|u)", r"(?:wat is )?het gebaar voor",
    r"(?:przeliteruj|spel)(?: mi)?", r"jak (?:sie )?(?:pokazac|pokazuje|pokazuje sie|miga|migac|powiedziec|mowi)(?: sie)?", r"znak (?:dla|na)",
]) + r")(?!\w)")

_PRONOUN_TEXT = re.compile(r"(?:it|this|that|es|das|le|lo|isso|bunu|이거|(?:the )?following|this (?:sentence|text|phrase)|"
                           r"folgendes|das folgende|den folgenden satz|ce qui suit|lo siguiente|il seguente|o seguinte)(?:\s+(?:instead|too|again|as well|also|now|then|"
                           r"please|stattdessen|auch|nochmal|jetzt|aussi|plutot|encore|tambien|otra vez|anche|"
                           r"invece|tambem|de novo))*")
_BARE_HOW = re.compile(r"how (?:is|are|does|do|would|will)")

_END = re.compile(r"(?<!\w)(?:" + "|".join([
    r"(?:is|are|be|was|gets?) (?:said|signed|expressed|represented|denoted|done|fingerspelled|spelled|spelt|made|"
    r"articulated|shown|formed|performed|translated)",
    r"(?:looks?|appears?|materiali[sz]es?|look like)(?: like)?", r"(?:mean|means)",
    r"(?:in|using|with|into|to|on)(?: the)? sign language", r"(?:in|into|using|with|for)(?: a)? (?:video|gif|animation)",
    r"(?:gebardet|gesagt|dargestellt|ausgedruckt|ubersetzt|buchstabiert|aussieht|aus|gebarden|dar)",
    r"\w*worterbuch\w*", r"(?:in |im |in the )?(?:\w+ )?(?:dictionary|dictionnaire|diccionario|dizionario|dicionario)",
    # "Sophie im Fingeralphabet", "Tom with the manual alphabet": how to spell, not what
    r"(?:(?:im|in|with|using|mit|en|em|con|nel|in the|with the|mit dem|using the|con el|com o|en el)\s+)?"
    r"(?:fingeralphabet\w*|finger ?alphabet|manual alphabet|finger ?spelling|alfabeto manual|alphabet dactylologique|"
    r"dactylologie|dattilologia|datilologia|dactilologia|parmak alfabesi\w*)",
    r"for me", r"fur mich", r"pour moi", r"para mi", r"per me", r"para mim",
    r"nach", r"please", r"bitte", r"sil (?:te|vous) plait", r"por favor", r"per favore", r"lutfen",
    r"and (?:save|write|store|export|put)", r"(?:save|write|store|export) (?:it|the)", r"und speichere",
    r"(?:as|als|to|into|nach|unter|in) (?:a |an |eine |einen )?(?:file|datei)",
]) + r")(?!\w)")

_NAME_FILLERS = re.compile(r"^(?:my name(?: is)?|meinen namen|mein name|mon nom|mi nombre|il mio nome|o meu nome|"
                           r"the name|den namen|le nom|el nombre|il nome|o nome|mijn naam|moje imie|moje imię)[\s,:]+", re.IGNORECASE)
_SPELLED = re.compile(r"^(?:\w[-.\s]){2,}\w$")
_LEAD_FILLERS = re.compile(
    r"^(?:the (?:word|phrase|sentence|expression|name|term|letters?)(?: (?:of|in))?|the sign (?:for|of)|word|phrase|"
    # a German verb-final request starts with its modal: "Kannst du (mir) den Namen Lea ... buchstabieren?"
    r"(?:kannst du|k[öo]nnen sie|k[öo]nntest du|k[öo]nnten sie|w[üu]rdest du|w[üu]rden sie)(?: mir| uns)?(?: bitte| mal)*|"
    r"(?:the |a )?(?:dictionary|lexicon|worterbuch|wörterbuch) (?:for|nach)|"
    r"das wort|den satz|den namen|le mot|la phrase|le nom|la palabra|la frase|el nombre|la parola|il nome|"
    r"a palavra|a frase|het woord|de zin|de naam)[\s,:]+",
    re.IGNORECASE)
_TRAIL_FILLERS = re.compile(
    r"(?:^|\s+)(?:in|into|on|with|using|to|auf|mit|en|em|na|no|nella|nel|in der|im|con|ile|for|the|der|die|la|el|"
    r"kelimesini|kelimesi|sozcugunu|sözcüğünü|cumlesini|cümlesini|ifadesini|ismini|ismimi|adini|adını|adımı|adimi|"
    r"이라는 말을|라는 말을|이라는 단어를|라는 단어를)\s*$"
    r"|\s+(?:w|we)\s*$", re.IGNORECASE)  # Polish "w PJM": only after a word (a lone "w" is a letter to sign)
_KO_PARTICLE = re.compile(r"(?<=[\uac00-\ud7a3])(?:이라는 말을|라는 말을|를|을|은|는|이라고|라고)$")
_TR_SUFFIX = re.compile(r"['’](?:y?[ıiuü]|n[ıiuü]n|d[ae]|y[ıiuü]|n[ıiuü])$", re.IGNORECASE)


def _clean_text(text: str, intent: str = "sign") -> str | None:
    text = text.strip(" \t\n\"'`“”„«»‘’‚‹›「」『』:;,.!?¿¡()[]")
    previous = None
    while previous != text:
        previous = text
        text = _LEAD_FILLERS.sub("", text).strip()
        if intent == "fingerspell":
            text = _NAME_FILLERS.sub("", text).strip()
            if _SPELLED.match(text):  # "B-E-R-L-I-N" -> "BERLIN"
                text = re.sub(r"[-.\s]", "", text)
        text = _TRAIL_FILLERS.sub("", text).strip()
        text = _KO_PARTICLE.sub("", text).strip()
        text = _TR_SUFFIX.sub("", text).strip()
        text = text.strip(" \t\n\"'`“”„«»‘’‚‹›「」『』:;,.!?¿¡()[]")
    return text or None


def _mask(text: str, spans: list[Span]) -> str:
    """Replace spans with spaces (same length) so cues and languages are not found inside them."""
    chars = list(text)
    for span in spans:
        for i in range(span.start, span.end):
            chars[i] = " "
    return "".join(chars)


def _extract_unquoted(raw: str, stops: list[Span], intent: str) -> str | None:
    """The text to sign when it is not quoted: after the last start cue, before the next stop."""
    folded, index = fold(raw)
    starts = list(_START.finditer(folded))
    stop_positions = sorted({s.start for s in stops})
    if starts:
        begin_folded = starts[0].end()
        # several cues in a row ("can you show me how to say"): take the last one before any text
        for m in starts[1:]:
            if _BARE_HOW.fullmatch(m.group(0)):
                continue  # "how do I say how are you": the second "how" belongs to the text
            gap = folded[begin_folded:m.start()].strip()
            if not gap or len(gap.split()) <= 1 and not _stops_between(stop_positions, index, begin_folded, m.start()):
                begin_folded = max(begin_folded, m.end())
        text = _text_after(raw, folded, index, begin_folded, stop_positions, intent)
        # "describe the DGS sign for Licht": nothing between the first cue and the language; a later cue
        # ("sign for") introduces the text
        inside_mention = [(s.start, s.end) for s in stops]
        for m in starts:
            if text is not None:
                break
            raw_pos = index[m.start()] if m.start() < len(index) else len(raw)
            if m.start() >= begin_folded and not any(a <= raw_pos < b for a, b in inside_mention):
                text = _text_after(raw, folded, index, m.end(), stop_positions, intent)
        return text
    # verb-final phrasing (Turkish, Korean, some German): the text comes first, before the language/cue
    first_stop = stop_positions[0] if stop_positions else None
    cue = _SIGN.search(folded) or _FINGERSPELL.search(folded) or _HOW.search(folded)
    cue_pos = index[cue.start()] if cue and cue.start() < len(index) else None
    cut = min(p for p in (first_stop, cue_pos) if p is not None) if (first_stop is not None or cue_pos is not None) else None
    if cut:
        cleaned = _clean_text(raw[:cut], intent)
        if cleaned and len(cleaned.split()) <= 12:
            return cleaned
    return None


def _text_after(raw: str, folded: str, index: list[int], begin_folded: int, stop_positions: list[int],
                intent: str) -> str | None:
    """The cleaned text from a folded offset up to the next language/path mention or end cue."""
    begin = index[begin_folded] if begin_folded < len(index) else len(raw)
    end = len(raw)
    for stop in stop_positions:
        if stop >= begin:
            end = stop
            break
    stop_end = end
    for m in _END.finditer(folded, begin_folded):
        pos = index[m.start()] if m.start() < len(index) else len(raw)
        if pos > begin and pos < end:
            if _clean_text(raw[begin:pos], intent) is None:
                # the end cue comes first: "sign please Anna" (a filler to skip) or "sign please in ASL"
                # (the word itself is the text)
                after = index[m.end()] if m.end() < len(index) else len(raw)
                rest = _text_after(raw, folded, index, m.end(), stop_positions, intent) if m.end() < len(index) else None
                if rest is not None and after < stop_end:
                    return rest
                continue
            end = pos
            break
    candidate = raw[begin:end]
    # a question mark closes the text ("How do I say hello? Thanks"); sentences to sign may hold full stops
    if intent != "sign" or "?" in candidate:
        candidate = re.split(r"[?？!]|\.(?:\s|$)", candidate)[0]
    return _clean_text(candidate, intent)


def _after_colon(raw: str, mentions: list[Span], intent: str) -> str | None:
    """The text after 'sign this:' / 'das hier:' when the verb's object is a pronoun: up to a language named
    after it ("...: hello in ASL"), but a generic "sign language" there is part of the text."""
    m = re.search(r":\s+(?=\S)", raw)
    if not m:
        return None
    end = min([s.start for s in mentions if s.start >= m.end()] or [len(raw)])
    return _clean_text(raw[m.end():end], intent)


def _stops_between(stops: list[int], index: list[int], a: int, b: int) -> bool:
    """Whether a language/path mention lies between folded offsets a and b."""
    lo = index[a] if a < len(index) else 10**9
    hi = index[b] if b < len(index) else 10**9
    return any(lo <= s < hi for s in stops)


def _pick_language(mentions: list[tuple[str, Span]], raw: str) -> str | None:
    """With several languages named, prefer the one after 'in/into/auf/en/em/na/nella/로'."""
    if not mentions:
        return None
    for code, span in mentions:
        before = raw[max(0, span.start - 12):span.start].lower()
        if re.search(r"(?:\bin|\binto|\bauf|\ben|\bem|\bna|\bnella|\bnel|\bin der|\bto)\s+(?:the\s+|der\s+|la\s+|el\s+)?$", before):
            return code
    return mentions[0][0]


def _classify(folded: str, has_path: bool, has_text: bool, has_language: bool, generic_sl: bool) -> Intent:
    if has_path and _RECOGNIZE.search(folded):
        return "recognize"
    if has_path and (_TRANSLATE.search(folded) or re.search(r"(?<!\w)(?:video|clip|recording|pose)(?!\w)", folded)):
        return "translate"
    # "translate this video / a DGS clip" (no file given yet); not "... as a video", which is an output format
    if not has_path and not has_text and _TRANSLATE.search(folded) and re.search(
            r"(?<!\w)(?<!as )(?<!als )(?<!in )(?<!into )(?<!como )(?<!comme )"
            r"(?:this|the|my|a|an|diese\w*|ein\w*|meine\w*|ce|cette|un|une|una|um|uma|este|esta|questo) "
            r"(?:\w+ )?(?:video|clip|recording|vidéo|vídeo)", folded):
        return "translate"
    if not has_text and _LANGUAGES_STRONG.search(folded):
        return "languages"
    if _FINGERSPELL.search(folded):
        return "fingerspell"
    if _DESCRIBE.search(folded):
        return "describe"
    if _LOOKUP.search(folded):
        return "lookup"
    signing = _SIGN.search(folded) or (_HOW.search(folded) and (generic_sl or has_language))
    if signing and not (_OFF_TOPIC.search(folded) and not has_text) and not (
            _TRANSLATE.search(folded) and not (has_language or generic_sl)):
        return "sign"
    if _TRANSLATE.search(folded) and not has_text and re.search(r"(?<!\w)(?:from|aus|desde|dalla|dal)(?!\w)", folded):
        return "translate"  # "translate from DGS": signing -> text, which needs a file
    if _TRANSLATE.search(folded) and (has_text or has_language or generic_sl):
        # "translate 'good morning' into DGS" / "translate the following into DGS: ...": text -> sign;
        # "... to French" is not ours
        return "sign" if has_language or generic_sl else "unsupported"
    if _CJK_SIGN.search(folded) or (has_text and has_language and not _OFF_TOPIC.search(folded)):
        return "sign"  # "'Haus' DGS?", "“ありがとう”を日本手話でどう表現しますか"
    if _LANGUAGES.search(folded) and not _OFF_TOPIC.search(folded):
        return "languages"
    if _HELP.search(folded) or _GREETING.match(folded) or not folded.strip():
        return "help"
    return "unsupported"


_IN_NATIONALITY = re.compile(r"(?<!\w)(?:in|into|auf|en|em|na|no|nella|nel|in der|ile)\s+(?:the\s+|der\s+|la\s+|el\s+)?(\w{4,})")


def _nationality_language(folded: str, notes: list[str]) -> str | None:
    """In a chat follow-up, 'in German' / 'auf Französisch' / 'en español' names the sign language of that
    nationality (the previous text is kept as written: the planner cannot translate it)."""
    from signbridge.knowledge.languages import by_nationality, get

    for m in _IN_NATIONALITY.finditer(folded):
        code = by_nationality(m.group(1))
        if code:
            notes.append(f"read '{m.group(1)}' as {get(code).name} ({code}); the text was not translated")
            return code
    return None


def understand(prompt: str, previous: Understanding | None = None) -> Understanding:
    """Read one request (and, in a chat, the previous understanding for follow-ups like 'and in DGS?')."""
    raw = unicodedata.normalize("NFC", prompt or "").strip()
    notes: list[str] = []
    quotes = quoted_spans(raw)
    paths = file_paths(raw)
    # quoted text that is a path is a path, not text to sign
    path_spans = [p.span for p in paths]
    quotes = [q for q in quotes if not any(p.start <= q.start and q.end <= p.end or q.start <= p.start < q.end for p in path_spans)]
    masked = _mask(raw, quotes + path_spans)
    mentions = language_spans(masked)
    generic = generic_sign_language_spans(masked)
    folded, _ = fold(masked)

    text = None
    language = _pick_language([(m.code, m.span) for m in mentions], raw)
    ambiguity = [m.note for m in mentions if m.note]
    notes += ambiguity

    intent = _classify(folded, bool(paths), bool(quotes), bool(mentions), bool(generic))
    if quotes:
        text = _clean_text(raw[quotes[0].start:quotes[0].end], intent)
    if intent in ("unsupported", "help") and mentions and not paths and previous is None:
        rest = _clean_text(_mask(masked, [m.span for m in mentions] + generic))
        if rest and len(rest.split()) <= 4 and not _OFF_TOPIC.search(folded) and not _QUESTION.search(fold(rest)[0]):
            intent, text = "sign", rest
    if text is None and intent in ("sign", "fingerspell", "lookup", "describe"):
        stops = [m.span for m in mentions] + generic + path_spans
        text = _extract_unquoted(masked, stops, intent)
        if text and _PRONOUN_TEXT.fullmatch(text.lower()):
            text = None  # "now fingerspell it (instead)": the previous text, or nothing
        if text is None:  # "Sign this in ASL: I am learning sign language"
            text = _after_colon(masked, [m.span for m in mentions], intent)

    input_path = out_path = None
    renders: list[str] = []
    for path in paths:
        if intent in ("translate", "recognize") and input_path is None:
            input_path = path.text
        elif path.suffix == ".pose" and out_path is None:
            out_path = path.text
        elif path.suffix in (".gif", ".mp4", ".html", ".svg"):
            renders.append(path.suffix[1:])
            notes.append(f"render files are named by signbridge inside the output folder; '{path.text}' was used only for its format")
        elif intent not in ("translate", "recognize"):
            notes.append(f"ignored the path '{path.text}': this request does not read files")
    asked_renders = [fmt for fmt, pattern in _RENDER_WORDS.items() if re.search(rf"(?<!\w)(?:{pattern})(?!\w)", folded)]
    if intent in ("sign", "fingerspell"):
        renders += [fmt for fmt in asked_renders if fmt not in renders]

    # follow-ups in a chat: "and in DGS?", "now fingerspell it", "und 'Danke'?"
    if previous is not None and previous.intent not in ("help", "unsupported", "languages"):
        follow_up = bool(_FOLLOW_UP.match(folded)) or len(folded.split()) <= 4
        if follow_up and not mentions and language is None:
            # "und auf Französisch?" after a signing request: the sign language of that nationality
            language = _nationality_language(folded, notes)
        if follow_up and (intent in ("unsupported", "help", "languages") or text is None):
            if intent in ("unsupported", "help", "languages") and (mentions or text or language):
                intent = previous.intent
            elif intent in ("unsupported", "help") and asked_renders and previous.intent in ("sign", "fingerspell"):
                intent = previous.intent  # "now as a video"
                renders += [fmt for fmt in asked_renders if fmt not in renders]
            if intent == previous.intent or intent in ("sign", "fingerspell", "lookup", "describe"):
                text = text or previous.text
                if language is None:
                    language = previous.language
                input_path = input_path or previous.input_path
                renders = renders or list(previous.renders)

    if intent in ("unsupported", "help"):
        text = None
        language = None if intent == "unsupported" else language
    assumed = False
    # a lookup without a language searches every dictionary; the other tools need one
    if language is None and intent in ("sign", "fingerspell", "describe", "translate", "recognize"):
        spoken = _spoken_language_of(folded, raw)
        default = _DEFAULT_BY_SPOKEN.get(spoken or "en", "ase")
        from signbridge.knowledge.languages import get

        language, assumed = default, True
        notes.append(f"no sign language named: assumed {get(default).name} ({default}) from the "
                     f"{'request' if spoken is None else spoken + ' request'}; name one, e.g. 'in DGS'")
    return Understanding(intent=intent, language=language, text=text, language_assumed=assumed,
                         input_path=input_path, out_path=out_path, renders=renders, notes=notes)


def plan(u: Understanding) -> list[PlannedCall]:
    """The tool calls that answer an understood request (empty: nothing to run)."""
    lang = u.language
    if u.intent == "languages":
        return [PlannedCall("list_languages", {"query": lang} if lang else {})]
    if u.intent in ("translate", "recognize"):
        if not u.input_path:
            return []
        tool = "translate_sign" if u.intent == "translate" else "recognize_sign"
        return [PlannedCall(tool, {"path": u.input_path, "language": lang})]
    if not u.text or u.intent in ("help", "unsupported"):
        return []
    if u.intent == "lookup":
        return [PlannedCall("lookup_sign", {"query": u.text, "language": lang, "k": 5})]
    if u.intent == "describe":
        return [PlannedCall("describe_sign", {"word": u.text, "language": lang})]
    produce_args: dict = {"text": u.text, "language": lang}
    if u.out_path:
        produce_args["out"] = u.out_path
    if u.renders:
        produce_args["renders"] = list(dict.fromkeys(u.renders))
    if u.intent == "fingerspell":
        return [PlannedCall("fingerspell", produce_args)]
    calls = []
    if len(u.text.split()) == 1:  # a single word: its dictionary entry (SignWriting, HamNoSys) too
        calls.append(PlannedCall("lookup_sign", {"query": u.text, "language": lang, "k": 3}))
    calls.append(PlannedCall("produce_sign", produce_args))
    return calls


def with_language(u: Understanding, code: str) -> Understanding:
    return replace(u, language=code, language_assumed=False)
