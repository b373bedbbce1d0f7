/**
 * Lexical cues for the session-level behaviours that the dimensions count. Each is matched against the
 * normalised text of one therapist turn (see metrics/text.ts). The instrument items they stand for are
 * named beside them so a clinician can see what is measured.
 */

export const CUES = {
  /** CTRS item 1 (agenda): setting and prioritising what the session will cover. */
  agenda:
    /\b(?:agenda|what would you like to (?:focus on|talk about|work on|cover)|what (?:do|did) you want to (?:focus on|talk about|work on)|(?:for|in) (?:today's|this) session|today (?:i thought|we could|i'd like|let's)|(?:we|i) (?:could|might|thought we'd) (?:start|begin) (?:with|by)|plan for today|where (?:would you like|do you want) to start|put (?:that|it) on (?:the|our) list)\b/,
  /** CTRS structure: checking in on mood and the week since the last session. */
  checkIn:
    /\b(?:how (?:have you been|has (?:your|the) week|was your week|are you (?:doing|feeling) today)|since (?:we|i) (?:last )?(?:met|saw you|spoke)|since last (?:time|week|session)|check in)\b/,
  /** CTRS item 3 (homework review) and homework assigned. */
  homework:
    /\b(?:homework|between (?:now and|sessions|today and)|(?:this|over the|for the) (?:next |coming )?week,? (?:try|could you|would you|i'd like)|practi[cs]e (?:this|it|that)|(?:keep|fill (?:in|out)) (?:a|the|your) (?:log|diary|record|journal|thought record)|try (?:it|this|that) out|before (?:our|we) (?:next|meet))\b/,
  /** CTRS item 2 (feedback) and SRS: asking how the session or an idea lands with the client. */
  feedback:
    /\b(?:how (?:does|did) (?:that|this|today|the session) (?:sound|feel|seem|land|go)|(?:what|how) do you think (?:about|of) (?:that|this|what)|does (?:that|this) (?:make sense|fit|sound right|resonate|seem right|work for you)|is (?:that|this) (?:helpful|useful|okay with you|right)|how (?:was|is) (?:today|this|this session) for you|anything (?:i|we) (?:missed|got wrong)|(?:what|anything) would (?:be )?(?:more )?helpful|did i get (?:that|it) right|am i (?:getting|understanding) (?:that|it|this) right|what (?:are|were) your thoughts)\b/,
  /** CTRS summaries (capsule and final) and the MI summary of change talk. */
  summary:
    /\b(?:(?:to|let me|let's|if i (?:could|can|may)|can i|i want to|i'd like to) (?:just )?(?:sum(?:marize|marise)?(?: up)?|recap|pull (?:this|that|it|things) together|review what|go back over|make sure i(?:'ve| have)? (?:got|understood|understand)|see if i(?:'ve| have)? (?:got|understood|understand))|to sum up|in summary|so far (?:we've|you've|today)|(?:what|things) we (?:talked|covered|went over)|we(?:'ve)? (?:covered|talked about a lot)|(?:you've|you have) (?:told|said to) me (?:a (?:few|couple of|number of)|some|several|quite a few) (?:things|reasons)|(?:on (?:the )?one hand|part of you)[^.?!]{0,120}(?:on the other|and (?:yet|another part|at the same time))|(?:a (?:few|couple of|number of)|several) (?:things|reasons) (?:you(?:'ve| have)? (?:mentioned|said|told me)|that (?:you|came up)))\b/,
  /** Psychoeducation and rationale for a task (CTRS item 10 application of techniques; WAI-SR task). */
  rationale:
    /\b(?:the (?:reason|idea|point|goal|purpose) (?:is|being|of (?:this|that|doing))|(?:this|that|it) (?:can|will|might|tends to) help (?:you|us)|(?:which|this|that) (?:is why|helps|means)|research (?:shows|suggests)|what we know (?:is|about)|(?:a lot of|many|most) people (?:find|who|with)|it's (?:common|normal|understandable) (?:to|for|that))\b/,
  /** CTRS items 5-10 and CBT/MI technique: structured interventions introduced in session. */
  technique:
    /\b(?:thought record|automatic thoughts?|cognitive (?:distortion|restructuring)|catastroph\w+|behaviou?ral (?:activation|experiment)|exposure|(?:on|using) a scale (?:of|from)|scale (?:of|from) (?:one|zero|1|0)|from (?:one|zero|1|0) to (?:ten|10)|pros and cons|decisional balance|worksheet|breathing (?:exercise|technique)|grounding|relaxation|mindfulness|role[- ]play|evidence for and against|activity (?:schedule|log|diary)|safety plan|coping (?:skill|strateg\w+|plan)|problem[- ]solving|values?|goal[- ]setting|relapse prevention|triggers?)\b/,
  /** Validation and warmth (WAI-SR bond; SRS relationship; MITI empathy global). */
  validation:
    /\b(?:(?:that|it) makes (?:a lot of |total |complete )?sense|(?:that's|it's) (?:understandable|completely understandable|really hard|so hard|a lot to|not easy|really tough)|of course you (?:feel|would)|anyone (?:would|in your)|no wonder|i can (?:see|imagine|understand|hear) (?:how|why|that|what)|i'm (?:sorry|so sorry) (?:to hear|that|you)|thank you for (?:sharing|telling|being (?:so )?honest|trusting)|i(?:'m| am) (?:really )?glad you)\b/,
  /** Partnership and shared goals (WAI-SR goal; MITI partnership global). */
  we: /\b(?:we|us|our|let's|together)\b/,
  sharedGoal:
    /\b(?:(?:your|our|the) goals?|what (?:do|would) you (?:want|like|hope)|what matters (?:most )?to you|what would (?:you like|be different)|where (?:do|would) you (?:want|like) to (?:be|go)|what(?:'s| is) important to you|how would you like|what are you hoping)\b/,
  /** MI: emphasising autonomy (MITI partnership / autonomy support). */
  autonomy:
    /\b(?:(?:it's|it is) (?:really |entirely |totally |completely )?(?:your|up to you)|your (?:choice|decision|call)|you(?:'re| are) the (?:expert|one who)|you (?:get to|can) decide|only you (?:can|know)|whatever you decide)\b/,
};

/** Low therapist engagement as observed (CLINICAL-GUIDE §4): losing the thread of the session. */
export const LOST_THREAD =
  /\b(?:where were we|what were we (?:talking about|saying)|i(?:'ve| have)? lost (?:my|the) (?:train of thought|thread)|i lost track)\b/;
/** Low therapist engagement as observed: asking to be reminded of what the client said. */
export const FORGETS =
  /\b(?:remind me\b(?! to\b)|(?:sorry|pardon),? (?:what did you (?:just )?say|what was that|i missed that)|what did you say (?:again|your|their|his|her)|i (?:forgot|forget|don't remember|can't remember) (?:what|who|your|if|whether|the|which|her|his))/;

/** Client agreement and disagreement with the therapist (WAI-SR task agreement). */
export const CLIENT_AGREEMENT =
  /^(?:yes|yeah|yep|right|exactly|definitely|absolutely|that's (?:right|true|it|exactly|a good idea)|i (?:agree|think so|like that)|that (?:makes sense|sounds (?:good|helpful|right|doable))|okay,? (?:i can|i'll|sure|yeah))\b/;
export const CLIENT_DISAGREEMENT =
  /\b(?:(?:no|nah),? (?:that's not|i don't|it's not|not really)|i don't (?:agree|think (?:so|that's))|that's not (?:it|right|true|what i)|(?:yes|yeah),? but|that won't work|i(?:'ve| have) tried that|you don't (?:understand|get it))\b/;

/** Minimal acknowledgements (MITI "other"): turns that pass the floor back without any content. */
export const MINIMAL_TURN =
  /^(?:okay|ok|mm+-?hmm+|mhm|uh-huh|um+|uh+|yeah|yes|right|sure|good|great|alright|all right|i see|hmm+|oh|wow|no|thanks?|thank you|got it|gotcha|go on)(?:[\s.,!?-]+(?:okay|ok|mm+-?hmm+|mhm|uh-huh|yeah|yes|right|sure|good|great|i see|hmm+|oh|got it))*[\s.,!?-]*$/;
