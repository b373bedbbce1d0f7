/**
 * Editing a note: one text box per sentence, section by section, in the note's own sections and order (the API
 * refuses others). A sentence keeps the turns it cites; a sentence the clinician adds cites none (the API's
 * `gap` kind: no turn shows it). Save sends the whole note with the version it was edited from as `baseVersion`:
 * the API answers the new version, or 409 when someone saved or signed first (reload, then edit again), or 413
 * when the note would be too large to store.
 */
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Textarea from '@cloudscape-design/components/textarea';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { NOTE_SECTIONS, type NoteSection, type NoteSentence, type ProgressNote } from '../../../../schemas/note.js';
import { ApiError, useApi } from '../../api.js';
import { ProblemAlert } from '../../components/index.js';
import { citationLabel } from './citations.js';
import type { NoteVersionAnswer } from './types.js';

interface DraftSentence {
  key: number;
  text: string;
  kind: 'finding' | 'gap';
  evidence: string[];
}

interface DraftSection {
  name: string;
  heading?: string;
  sentences: DraftSentence[];
}

let nextKey = 1;

/** The note's sections as editable drafts; an unwritten note gets its format's sections, empty. */
export function draftOf(note: Pick<ProgressNote, 'format' | 'sections'>): DraftSection[] {
  const sections: readonly Pick<NoteSection, 'name' | 'heading' | 'sentences'>[] =
    note.sections.length > 0 ? note.sections : NOTE_SECTIONS[note.format].map((name) => ({ name, sentences: [] }));
  return sections.map((section) => ({
    name: section.name,
    ...(section.heading ? { heading: section.heading } : {}),
    sentences: section.sentences.map((sentence) => ({
      key: nextKey++,
      text: sentence.text,
      kind: sentence.kind ?? 'finding',
      evidence: [...sentence.evidence],
    })),
  }));
}

/** The PUT body's sections: trimmed text, each sentence's kind and citations as they were. */
export function sectionsOf(draft: readonly DraftSection[]): NoteSection[] {
  return draft.map((section) => ({
    name: section.name,
    ...(section.heading ? { heading: section.heading } : {}),
    sentences: section.sentences.map((s): NoteSentence => ({ text: s.text.trim(), kind: s.kind, evidence: s.evidence })),
  }));
}

/** The keys of the draft's empty sentences (the API refuses an empty sentence). */
export function emptySentences(draft: readonly DraftSection[]): Set<number> {
  return new Set(draft.flatMap((section) => section.sentences.filter((s) => s.text.trim() === '').map((s) => s.key)));
}

export interface NoteEditorProps {
  sessionId: string;
  note: ProgressNote;
  baseVersion: number;
  onSaved(saved: NoteVersionAnswer): void;
  onCancel(): void;
  /** Someone saved or signed first: read the note again. */
  onReload(): void;
}

export function NoteEditor(props: NoteEditorProps): ReactNode {
  const { sessionId, note, baseVersion } = props;
  const api = useApi();
  const [draft, setDraft] = useState<DraftSection[]>(() => draftOf(note));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [showEmpty, setShowEmpty] = useState(false);
  const empty = emptySentences(draft);
  const form = useRef<HTMLFormElement>(null);
  // Entering the editor moves focus to its first text box (the Edit button it replaced is gone).
  useEffect(() => {
    form.current?.querySelector<HTMLElement>('textarea, button')?.focus();
  }, []);

  const update = (sectionIndex: number, change: (sentences: DraftSentence[]) => DraftSentence[]) =>
    setDraft((current) => current.map((section, i) => (i === sectionIndex ? { ...section, sentences: change(section.sentences) } : section)));

  const save = async () => {
    if (empty.size > 0) {
      setShowEmpty(true);
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const saved = await api.send<NoteVersionAnswer>('PUT', `/sessions/${encodeURIComponent(sessionId)}/note`, { baseVersion, sections: sectionsOf(draft) });
      props.onSaved(saved);
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };

  const conflict = error instanceof ApiError && error.status === 409;
  return (
    <form
      ref={form}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      aria-label={`Edit version ${baseVersion} of the note`}
    >
      <SpaceBetween size="m">
        <Header variant="h2">Edit version {baseVersion} of the note</Header>
        <Box variant="p" color="text-body-secondary">
          Saving makes version {baseVersion + 1}. Each sentence keeps the turns it cites; a sentence you add cites none.
          {note.riskStatements.length > 0 ? ' Risk statements are not edited here: they stay as the risk module wrote them.' : ''}
        </Box>
        {draft.map((section, s) => (
          <Container key={section.name} header={<Header variant="h3">{section.heading ?? section.name}</Header>}>
            <SpaceBetween size="s">
              {section.sentences.length === 0 && <Box color="text-status-inactive">No sentences in this section.</Box>}
              {section.sentences.map((sentence, i) => {
                const cites = citationLabel(sentence.evidence);
                const label = `${section.heading ?? section.name}, sentence ${i + 1}`;
                return (
                  <FormField
                    key={sentence.key}
                    label={label}
                    description={cites ? `Cites ${cites}` : sentence.kind === 'gap' ? 'Cites no turn' : undefined}
                    errorText={showEmpty && empty.has(sentence.key) ? 'Write the sentence, or remove it.' : undefined}
                    secondaryControl={
                      <Button
                        variant="icon"
                        formAction="none"
                        iconName="remove"
                        ariaLabel={`Remove ${label}`}
                        onClick={() => update(s, (sentences) => sentences.filter((x) => x.key !== sentence.key))}
                      />
                    }
                    stretch
                  >
                    <Textarea
                      value={sentence.text}
                      rows={Math.min(8, Math.max(2, Math.ceil(sentence.text.length / 90)))}
                      onChange={({ detail }) => update(s, (sentences) => sentences.map((x) => (x.key === sentence.key ? { ...x, text: detail.value } : x)))}
                    />
                  </FormField>
                );
              })}
              <Button
                formAction="none"
                iconName="add-plus"
                ariaLabel={`Add a sentence to ${section.heading ?? section.name}`}
                onClick={() => update(s, (sentences) => [...sentences, { key: nextKey++, text: '', kind: 'gap', evidence: [] }])}
              >
                Add a sentence
              </Button>
            </SpaceBetween>
          </Container>
        ))}
        {conflict && (
          <Alert
            type="warning"
            header="The note changed since you opened it"
            action={
              <Button formAction="none" onClick={props.onReload}>
                Reload the note
              </Button>
            }
          >
            {(error as ApiError).problem.detail ?? 'Someone saved or signed the note first.'} Reload the note to see the current version, then make your changes
            again (copy any text you want to keep first).
          </Alert>
        )}
        {/* 413 (too large to store), 400 (a section or citation the API refuses) and the rest: as the API words it. */}
        {error !== null && !conflict && <ProblemAlert error={error} />}
        <SpaceBetween direction="horizontal" size="xs">
          <Button variant="primary" formAction="submit" loading={saving}>
            Save as a new version
          </Button>
          <Button variant="link" formAction="none" onClick={props.onCancel}>
            Cancel editing
          </Button>
        </SpaceBetween>
      </SpaceBetween>
    </form>
  );
}
