"""Word lists of the framing component, shared by the passage cues and the loaded-language tagger.

Judgements and stances only: no list names a party, country, outlet or camp, so a word list
cannot favour a side.
"""

from __future__ import annotations

from newstrace.nlp.lexicon import words

# Judgement words: what the writer thinks of something. Lemmas, lower-cased.
EVALUATIVE = words("""
    disgrace disgraceful shameful shameless shame ashamed reckless cynical cynically cruel foolish absurd
    outrageous outrage scandal scandalous disaster disastrous betrayal betray incompetence incompetent
    pathetic ridiculous extremist corrupt lazy desperate cowardly short-sighted heavy-handed
    undeserved embarrassment embarrassing wrong wrongly badly sad troubling shocking unwavering indefensible
    counterproductive hypocritical hypocrisy arrogant sham farce travesty fiasco debacle mess joke
    theater theatre weak stubbornness stubborn failed failing fail neglect timidity timid dangerous
    dishonest deceitful shameless appalling awful terrible horrible deplorable despicable
    disgusting contemptible callous heartless spineless gutless feckless clueless inept
    foolishness folly nonsense ludicrous laughable preposterous grotesque vile monstrous
    brilliant admirable courageous heroic wise sensible welcome laudable commendable praiseworthy
    deserve deserved undeserving unforgivable inexcusable unacceptable intolerable irresponsible
    irrational hysterical fearmongering demagogue demagoguery propaganda thug thugs crook crooks
    regime puppet lackey stooge cronies cronyism grab smart mistake blunder harshly dearly
    lie lies liar disgraced cruelty greed greedy selfish
    """)
