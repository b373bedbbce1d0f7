import { describe, expect, it } from 'vitest';
import { detectRisk, findingsFromStatements, mergeRiskFindings } from '../../../lambdas/core/risk/index.js';
import { normaliseSpeech } from '../../../lambdas/core/language/index.js';
import { inlineTranscript } from '../../helpers.js';

/** The risk report for one client turn after an ordinary opening question. */
const said = (text: string) => detectRisk(inlineTranscript(['Therapist: How have things been?', `Client: ${text}`]));
const categories = (text: string) => said(text).summary.categories;

describe('the language layer', () => {
  it('writes speech in one normal form: contractions with or without apostrophes, fillers, stutters', () => {
    expect(normaliseSpeech("Um, I dont wanna be here anymore, I'd rather not wake up")).toBe('i do not want to be here anymore, i would rather not wake up');
    expect(normaliseSpeech("I'd taken them all. I'd never do it.")).toBe('i had taken them all. i would never do it.');
    expect(normaliseSpeech('i i i cant do this like ever')).toBe('i can not do this ever');
  });
});

describe('risk findings', () => {
  it('finds disclosures in every tense, with and without apostrophes, as a recogniser writes them', () => {
    expect(categories('Sometimes I wish I could go to sleep and not wake up.')).toContain('passive_ideation');
    expect(categories('i dont know i want to die honestly')).toContain('passive_ideation');
    expect(categories('I cut my arm last night.')).toContain('self_injury');
    expect(categories('i been saving up my pills in a sock')).toContain('preparatory_behavior');
    expect(categories('He choked me last week.')).toContain('intimate_partner_violence');
    expect(categories('The voices tell me to jump off the balcony.')).toContain('command_hallucinations');
  });

  it('records the recency a clinician needs: last night is recent, at nineteen is past', () => {
    expect(said('I cut my arm last night.').findings[0]).toMatchObject({ recency: 'recent' });
    expect(said('I tried to hang myself when I was 19.').findings.find((f) => f.category === 'suicide_attempt')).toMatchObject({
      recency: 'past',
      level: 'moderate',
    });
  });

  it('records a denial as a documented denial, not a risk', () => {
    const risk = said("No, I've never thought about killing myself.");
    expect(risk.findings).toEqual([]);
    expect(risk.denials).toContainEqual(expect.objectContaining({ category: 'active_ideation', turnId: 't0002', inResponseTo: 't0001' }));
    expect(risk.summary).toMatchObject({ reviewRequired: false, highestLevel: 'none', findings: 0 });
  });

  it('does not take figures of speech, other people or the session itself for risk', () => {
    for (const text of [
      'This commute is killing me but I would kill for a coffee.',
      'My phone died and I cut back on sugar.',
      'I was drinking most nights, and since the new job I have cut that right down.',
      'My sister tried to kill herself last year and it still shakes me.',
      "I don't want to be here today, my wife booked this appointment.",
      'I swear I will strangle my brother, ha, he is lucky he is my favourite.',
      "I'd like a cut-off. Like, stop at eight o'clock and have an actual evening.",
      'I was cutting the hedge and I got this pain under my left shoulder blade.',
    ])
      expect(said(text).findings, text).toEqual([]);
  });

  it('reads a voice the client speaks in (compassion-focused work) as no command hallucination, unless a voice tells them anything', () => {
    expect(said("Oh, and the student nurse voice, I still do it. It's automatic now, I don't even decide to.").findings).toEqual([]);
    expect(said("I've been using the compassionate voice when I mess up. It helps.").findings).toEqual([]);
    expect(categories('The student nurse voice, I still do it. But the voices keep telling me to jump.')).toContain('command_hallucinations');
    expect(categories('The voice says do it, every night.')).toContain('command_hallucinations');
  });

  it('still reads blades got hold of as access to means', () => {
    expect(categories('I got some blades from the shop on the way home.')).not.toEqual([]);
  });

  it('reads a questionnaire item named and answered "not at all" as a denial, and answered otherwise as a disclosure', () => {
    const named = (answer: string) => said(`The one about being better off dead. ${answer}`);
    expect(named("I put not at all. I'm terrified of dying, that's the whole problem.").findings).toEqual([]);
    expect(named('I put not at all.').denials.map((d) => d.category)).toContain('passive_ideation');
    expect(named('I put several days.').findings.map((f) => f.category)).toContain('passive_ideation');
    // Named and not answered: surfaced for review.
    expect(named('I left it blank.').findings.map((f) => f.category)).toContain('passive_ideation');
  });

  it('reads "I might do something stupid" as intent to review (the rule once held control characters for word boundaries and never fired)', () => {
    expect(categories('I might do something stupid tonight, I really might.')).toContain('suicidal_intent');
  });

  it('still reads a cut with a pronoun as self-injury when it is a wound, not a reduction', () => {
    expect(categories('I cut it right down to the bone on my arm.')).toContain('self_injury');
    expect(categories('I got the razor and I cut myself down my arm.')).toContain('self_injury');
    // A deadline said in the same turn does not hide a wound.
    expect(categories("I'd like a cut-off for studying. I cut again last night, on my arm.")).toContain('self_injury');
  });

  it('keeps a disclosure that follows a hedge ("I don\'t know, …") and one said in a run-on sentence', () => {
    expect(categories("I don't know, sometimes I think about killing myself.")).toContain('active_ideation');
    expect(categories('its not good my boyfriend leaves them home alone at night the baby and the four year old')).toContain('child_abuse_neglect');
  });

  it('never puts text in the summary: levels, categories and counts only', () => {
    const risk = said('Everyone would be better off without me.');
    expect(risk.summary).toEqual({
      reviewRequired: true,
      highestLevel: 'low',
      categories: ['passive_ideation'],
      assessment: 'not_assessed',
      findings: 1,
      denials: 0,
    });
    expect(JSON.stringify(risk.summary)).not.toContain('better off');
  });
});

describe('assessment recognition', () => {
  it('counts C-SSRS questions asked before or after the disclosure, with the answers', () => {
    const risk = detectRisk(
      inlineTranscript([
        'Therapist: Have you had thoughts of killing yourself in the past few weeks?',
        'Client: Yes. I keep thinking I should just end it.',
        'Therapist: Have you thought about how you would do it?',
        'Client: Pills, maybe.',
        'Therapist: Do you think you would act on those thoughts?',
        'Client: No.',
        'Therapist: Have you ever tried before?',
        'Client: No, never.',
      ]),
    );
    const [episode] = risk.episodes;
    expect(episode!.assessment.status).toBe('assessed');
    expect(episode!.assessment.asked.map((q) => q.item)).toEqual(expect.arrayContaining(['thoughts', 'method', 'intent', 'history']));
    expect(episode!.assessment.asked.find((q) => q.item === 'intent')).toMatchObject({ turnId: 't0005', answerTurnId: 't0006', denied: true });
    expect(episode!.followUpRequired).toBe(false);
  });

  it('does not count plans for the weekend, tablets as prescribed or sleep as an assessment', () => {
    const risk = detectRisk(
      inlineTranscript([
        'Therapist: How was the week?',
        'Client: Honestly some nights I wish I was dead.',
        'Therapist: Any plans for the weekend?',
        'Client: Not really.',
        'Therapist: Are you taking your tablets as prescribed?',
        'Client: Mostly.',
        'Therapist: How are you sleeping?',
        'Client: Badly.',
      ]),
    );
    expect(risk.episodes[0]!.assessment).toMatchObject({ status: 'not_assessed', asked: [] });
    expect(risk.episodes[0]!.followUpRequired).toBe(true);
  });
});

describe("a model's findings", () => {
  it("are added to the detector's and can never remove one", () => {
    const transcript = inlineTranscript([
      'Therapist: How are things?',
      'Client: I wish I could disappear.',
      'Therapist: And at home?',
      'Client: My stepdad hits my little brother.',
    ]);
    const local = detectRisk(transcript);
    const extra = findingsFromStatements(transcript, [
      { type: 'hopelessness', evidence: ['t0004'] },
      { type: 'not_a_category', evidence: ['t0002'] },
    ]);
    const merged = mergeRiskFindings(transcript, local, extra);
    for (const f of local.findings) expect(merged.findings).toContainEqual(f);
    expect(merged.findings).toContainEqual(
      expect.objectContaining({ category: 'hopelessness', turnId: 't0004', uncertain: true, quote: 'My stepdad hits my little brother.' }),
    );
    expect(merged.source).toBe('merged');
    expect(mergeRiskFindings(transcript, local, [])).toBe(local);
  });
});
