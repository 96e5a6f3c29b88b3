"""Words that attribute speech, and words that mark quoted text as a name, not speech.

Kept as data so the attribution code reads as rules and the vocabulary can grow
without touching it. All entries are lower case.
"""

# Finite verbs that introduce or close a direct quotation ("he said", "said Smith").
# Present and past forms are both listed: wire copy mixes "says" and "said".
SPEECH_VERBS = frozenset("""
say says said tell tells told add adds added write writes wrote tweet tweets tweeted post posts posted
note notes noted argue argues argued ask asks asked warn warns warned recall recalls recalled
explain explains explained state states stated stress stresses stressed emphasize emphasizes emphasized
emphasise emphasises emphasised insist insists insisted claim claims claimed declare declares declared
announce announces announced acknowledge acknowledges acknowledged admit admits admitted concede concedes
conceded continue continues continued reply replies replied respond responds responded answer answers answered
remark remarks remarked observe observes observed comment comments commented suggest suggests suggested
urge urges urged vow vows vowed promise promises promised predict predicts predicted caution cautions cautioned
complain complains complained contend contends contended maintain maintains maintained counter counters countered
confirm confirms confirmed deny denies denied describe describes described characterize characterizes
characterized characterise characterises characterised agree agrees agreed joke jokes joked quip quips quipped
shout shouts shouted cry cries cried whisper whispers whispered testify testifies testified conclude concludes
concluded charge charges charged allege alleges alleged boast boasts boasted lament laments lamented
reiterate reiterates reiterated repeat repeats repeated tell told texted emailed wrote messaged
call calls called describe dub dubs dubbed label labels labelled labeled hail hails hailed brand brands branded
praise praises praised condemn condemns condemned criticize criticizes criticized criticise criticises criticised
thank thanks thanked blast blasts blasted slam slams slammed accuse accuses accused demand demands demanded
pledge pledges pledged reflect reflects reflected recount recounts recounted explain wonder wonders wondered
express expresses expressed highlight highlights highlighted underline underlines underlined
fume fumes fumed rage rages raged rant rants ranted gush gushes gushed snap snaps snapped scoff scoffs scoffed
bark barks barked growl growls growled sigh sighs sighed laugh laughs laughed rave raves raved
brag brags bragged tease teases teased muse muses mused plead pleads pleaded beg begs begged retort retorts
retorted confide confides confided murmur murmurs murmured mutter mutters muttered exclaim exclaims exclaimed
thunder thunders thundered roar roars roared hiss hisses hissed grumble grumbles grumbled gripe gripes griped
moan moans moaned marvel marvels marveled marvelled reason reasons reasoned speculate speculates speculated
assure assures assured reassure reassures reassured threaten threatens threatened scream screams screamed
yell yells yelled read reads posted reported inform informs informed recount
speak speaks spoke joke quip
""".split())

# Participles that hang a second quote or fragment on the sentence's speaker
# ("..., Rutte said, adding: ..."; "Macron expressed concern, saying, ...").
SPEECH_PARTICIPLES = frozenset("""
saying adding noting arguing warning calling describing insisting telling writing explaining stressing
emphasizing emphasising vowing urging claiming declaring asking acknowledging admitting recalling
suggesting stating promising predicting cautioning complaining contending maintaining countering
confirming denying characterizing characterising joking quipping concluding charging alleging boasting
lamenting reiterating repeating dubbing labelling labeling hailing branding praising condemning
criticizing criticising thanking blasting slamming accusing demanding pledging reflecting recounting
replying responding answering remarking observing commenting tweeting posting highlighting underlining
""".split())

# Verbs that attribute only with their particle ("the senator shot back", "she hit back").
PHRASAL_CUES = {"shot": "back", "hit": "back", "fired": "back", "lashed": "out", "spoke": "out",
                "pointed": "out", "went": "on", "chimed": "in", "weighed": "in"}

# Cues whose object is the person spoken to or about, not the speaker: in
# "they told Meridian Newswire" or "accused Okafor of" the name after the verb never speaks.
ADDRESSEE_VERBS = frozenset("""
tell tells told thank thanks thanked urge urges urged accuse accuses accused praise praises praised
condemn condemns condemned blast blasts blasted slam slams slammed criticize criticizes criticized
criticise criticises criticised inform informs informed assure assures assured reassure reassures
reassured call calls called describe describes described dub dubs dubbed label labels labelled labeled
hail hails hailed brand brands branded threaten threatens threatened ask asks asked
""".split())

# Phrases that attribute without a verb: the speaker follows ("according to Smith").
ACCORDING_TO = ("according to",)

# Words between a subject and its cue that do not break the link ("Smith also said",
# "the minister has repeatedly said", "Rutte, for his part, said").
ADVERBS = frozenset("""
also then later previously once further again repeatedly recently reportedly separately earlier
has have had would will did does do was were is are had been has since subsequently initially
originally publicly privately angrily flatly simply bluntly only just still yet even never
however meanwhile too quickly firmly openly clearly strongly last week yesterday today tonight
""".split())

# Verbs after which a capitalised quotation is a name, not speech ("a plan called
# "Blue Sky""); a lower-case one is still a characterisation ("called it "a disgrace"").
NAMING_VERBS = frozenset("called named dubbed titled entitled nicknamed branded labelled labeled headlined".split())

# Nouns after which a capitalised quotation is the title of a work ("the report "Room to Grow"").
WORK_NOUNS = frozenset("""
hashtag slogan motto book film movie song album series show documentary play novel poem painting
exhibit exhibition podcast newsletter column op-ed editorial headline programme program operation
project initiative campaign report study album track
""".split())
