/**
 * What counts as a mention of risk, and what counts as the therapist assessing it. Matched on normalised
 * client text (metrics/text.ts). The lists lean towards catching too much: a false alarm costs the
 * clinician a glance, a missed disclosure costs far more. Only idioms that are plainly not about harm
 * ("this job is killing me", "I'd kill for a coffee", "dying to see") are left out, and they are left out
 * by never matching them rather than by exceptions.
 *
 * Sources for the assessment items: Columbia Suicide Severity Rating Scale screener (ideation, method/plan,
 * intent, past behaviour) and the Stanley-Brown Safety Planning Intervention (warning signs, contacts,
 * crisis services, means safety).
 */
import type { RiskStatement } from '../../../schemas/note.js';

export type RiskType = RiskStatement['type'];

export interface RiskCue {
  type: RiskType;
  /** Passive ideation (wishing to be dead or gone, without thoughts of acting). */
  passive: boolean;
  pattern: RegExp;
  /** The clinical words for what this cue is. */
  label: string;
}

// A denial said in the same breath ("I would never hurt myself") is an answer, not a disclosure.
export const DENIAL_BEFORE = /\b(?:i don't|i do not|i didn't|would never|'d never|never would|wouldn't ever|would not ever|i wouldn't|i would not|i won't|i will not|i'm not going to|i am not going to|never going to|i don't want to|i do not want to|i never)\s+(?:\w+\s+){0,2}$/;

export const RISK_CUES: readonly RiskCue[] = [
  { type: 'suicidal_ideation', passive: false, label: 'suicidal ideation', pattern: /\bsuicid\w*/ },
  {
    type: 'suicidal_ideation',
    passive: false,
    label: 'suicidal ideation',
    pattern: /\b(?:kill(?:ing)? myself|end(?:ing)? (?:it all|my life|my own life|things for good)|tak(?:e|ing) my (?:own )?life|(?:overdose|od) on (?:my )?(?:pills|meds|tablets)|jump(?:ing)? (?:off|in front of) (?:a|the) (?:bridge|train|building|roof))\b/,
  },
  {
    type: 'suicidal_ideation',
    passive: true,
    label: 'passive suicidal ideation',
    pattern:
      /\b(?:(?:be|are|would be|'d be) better off (?:without me|if i (?:wasn't|weren't|was not|were not) (?:here|around)|if i (?:was|were) (?:gone|dead))|(?:don't|do not|didn't) want to (?:be (?:alive|around anymore|here anymore|here any more)|live(?! (?:with|in|at|near|there|here|on|by|alone|together|close))|exist|wake up(?! (?:early|at|so|before|in the))|go on (?:living|anymore|any more|like this))|(?:go to sleep|fall asleep) and (?:not|never) wake up|(?:could|would|will|to|and|just|might) (?:just )?(?:not|never) wake up\b(?! (?:until|till|early|on time|in time|for|when|at))|(?:hope|wish) i (?:wouldn't|won't|don't|didn't|would not|will not|do not|would never) wake up|wish i (?:was|were) dead|wish i (?:had|'d) never been born|(?<!(?:don't|do not|didn't|never|not) )want(?:ed)? to die|no (?:reason|point) (?:to|in) (?:living|going on|being alive)|if i (?:just )?(?:disappeared|vanished|wasn't (?:here|around)|weren't (?:here|around)|was gone|were gone)|(?:i'm|i am|being) (?:just )?a burden|less of a burden)\b/,
  },
  {
    // "I don't want to be here" is passive ideation unless the same sentence is about the session itself.
    type: 'suicidal_ideation',
    passive: true,
    label: 'passive suicidal ideation',
    pattern: /\b(?:don't|do not) want to be here\b(?![^.?!]*\b(?:session|therapy|today|room|appointment|made me|come|here for))/,
  },
  {
    type: 'self_harm',
    passive: false,
    label: 'self-harm',
    pattern:
      /\b(?:(?:cut|cutting|burn|burned|burnt|burning|hurt|hurting|harm|harming|hit|hitting|punch|punching|scratch|scratching|starve|starving|punish|punishing) myself\b(?! (?:off|out|at the|on the|playing|lifting|running|skiing|cooking|by accident))|self[- ]?harm\w*|self[- ]?injur\w*)/,
  },
  {
    type: 'harm_to_others',
    passive: false,
    label: 'thoughts of harming others',
    pattern:
      /\b(?:(?:hurt|kill|stab|shoot|strangle|choke|punch|hit|beat up|attack) (?:him|her|them|someone|somebody|people|that (?:guy|man|woman|person)|my (?:boss|manager|wife|husband|partner|ex|brother|sister|father|dad|mother|mom|mum|son|daughter|neighbou?r|kids?|coworker|colleague))\b(?! (?:feelings|chances|career|reputation|back)\b)|want(?:ed)? to (?:hit|punch|hurt|kill|strangle|stab|shoot) (?!(?:\w+ )?(?:feelings|time)\b|(?:myself|yourself|himself|herself|themselves)\b)|make (?:him|her|them) pay|get (?:back at|even with) (?:him|her|them)|(?:i'll|i will|i'm going to|i am going to|i'm gonna) (?:get|kill|hurt) (?:him|her|them))/,
  },
];

/** Therapist questions and moves that assess risk, by item. */
export const ASSESSMENT_ITEMS = {
  ideation: /\b(?:thoughts? (?:of|about) (?:ending|killing|hurting|harming|suicide|dying|taking)|(?:ending|end) your (?:own )?life|suicid\w*|kill(?:ing)? yourself|hurt(?:ing)? yourself|harm(?:ing)? yourself|wish(?:ing)? you (?:were|was) dead)\b/,
  plan: /\b(?:(?:made|make|have|had|got) (?:a|any) plan|any plans? (?:to|for|of)\b|plann?(?:ed|ing)? (?:how|to (?:hurt|kill|end|harm|act|do))|how you (?:might|would|could) (?:do|end|hurt|harm|kill|act|go about)|thought about how|method|when and where)\b/,
  intent: /\b(?:intent|intention|intend|act(?:ing)? on (?:those|these|the|it|them)|would you (?:actually )?(?:do|act)|going to (?:do|act on) (?:it|that|anything))\b/,
  means: /\b(?:access to|means (?:to|of|at home)|medications?|pills|tablets|weapons?|guns?|firearms?|knife|knives|blades?|razors?|rope|stockpil\w*)\b/,
  history: /\b(?:(?:ever|before|past|previously)\b[^.?!]{0,40}\b(?:attempt\w*|harm(?:ed)? yourself|hurt yourself|tried to (?:end|kill))|attempt(?:ed|s)? (?:to )?(?:harm|hurt|end|kill|suicide))/,
  safetyPlan: /\b(?:safety plan|warning signs|crisis (?:line|number|team|service)|hotline|lifeline|after-hours|emergency (?:department|services|room)|keep yourself safe|911|999|988|a&e)\b/,
} as const;
export type AssessmentItem = keyof typeof ASSESSMENT_ITEMS;

/** Parts of a safety plan, as they are named in the note. */
export const SAFETY_PLAN_PARTS: readonly { pattern: RegExp; phrase: string }[] = [
  { pattern: /\b(?:warning signs|early signs|signs that things are getting worse)\b/, phrase: 'warning signs' },
  { pattern: /\b(?:who (?:could|can|would) you (?:reach out|call|contact|talk|turn)|reach out to|people (?:you could|to) (?:call|contact))\b/, phrase: 'people to contact' },
  { pattern: /\b(?:crisis (?:line|number|team|service)|hotline|lifeline|after-hours|988)\b/, phrase: 'crisis services' },
  { pattern: /\b(?:emergency (?:department|services|room)|911|999|a&e|keep yourself safe)\b/, phrase: 'emergency services' },
  { pattern: /\b(?:lock (?:up|away)|remove|get rid of|give (?:them|it) to|out of the house)\b/, phrase: 'means safety' },
];
/** The safety plan was written in the session, not just mentioned. */
export const SAFETY_PLAN_MADE = /\b(?:(?:write|make|create|develop|put together|draw up|build|do) (?:a|the|your|our) (?:short )?safety plan|safety plan together)\b/;

/** A client answer that denies the item asked about. */
export const CLIENT_DENIAL = /^(?:(?:um+|uh+|well|honestly|oh)[\s,]+)*(?:no\b|nope\b|never\b|not really\b|nothing\b|none\b|i don't\b|i haven't\b|i wouldn't\b|i have not\b|i do not\b|definitely not\b|not at all\b)/;
/** A client answer that agrees to a proposal (the safety plan). */
export const CLIENT_ASSENT = /\b(?:yes|yeah|yep|okay|ok|sure|i (?:can |will )?agree|i can do that|i will|sounds (?:good|sensible|okay)|seems sensible|that seems)\b/;
/** Protective statements the client made (C-SSRS: reasons for living). */
export const PROTECTIVE: readonly { pattern: RegExp; phrase: string }[] = [
  { pattern: /\bi (?:don't|do not) (?:want|wanna) to die\b/, phrase: 'stated not wanting to die' },
  { pattern: /\b(?:wouldn't|would never|could never|couldn't) do that to (?:my|them|her|him)\b|\bfor my (?:kids|children|family|sister|brother|partner|wife|husband)\b/, phrase: 'named family as a reason not to act' },
  { pattern: /\b(?:reasons? to live|(?:a lot|too much|so much) to live for)\b/, phrase: 'named reasons for living' },
];

export const RISK_PATTERNS: readonly RegExp[] = [
  DENIAL_BEFORE,
  ...RISK_CUES.map((c) => c.pattern),
  ...Object.values(ASSESSMENT_ITEMS),
  ...SAFETY_PLAN_PARTS.map((p) => p.pattern),
  SAFETY_PLAN_MADE,
  CLIENT_DENIAL,
  CLIENT_ASSENT,
  ...PROTECTIVE.map((p) => p.pattern),
];
