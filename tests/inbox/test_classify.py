"""Behaviour of the mail classifier: labels, reasons, thresholds, corrections and the model cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from afterword.inbox import classifier_store
from afterword.inbox.classify import (
    MIN_GUARDED_THRESHOLD,
    Classification,
    Classifier,
    Example,
    act_automatically,
    choose_threshold,
    classify,
    train,
)
from afterword.inbox.labels import MailClass
from afterword.inbox.rules import fired_rules, prefilter_not_job
from tests.inbox.classify_training import ATS, training_examples


@pytest.fixture(scope="module")
def model() -> Classifier:
    """A classifier trained on the pinned hand-written examples (not the changing corpus)."""
    return train(training_examples())


def test_clear_rejection_is_a_rejection_with_reasons_naming_its_phrases(model: Classifier) -> None:
    result = classify(
        "Your application for Analyst",
        ATS,
        "Thank you for your interest. Unfortunately we have decided to move forward with other "
        "candidates for this position.",
        classifier=model,
    )
    assert result.label == MailClass.REJECTION
    assert any(
        "other candidates" in reason or "move forward" in reason for reason in result.reasons
    )


def test_newsletter_with_an_exclusive_offer_is_not_a_job_offer(model: Classifier) -> None:
    result = classify(
        "An exclusive offer for our subscribers",
        "Deals <deals@gadgetbarn.example>",
        "This week only: an exclusive offer of 25% off headphones. Unsubscribe at any time.",
        classifier=model,
    )
    assert result.label not in (MailClass.OFFER, MailClass.OFFER_DEADLINE)


def test_delay_update_starting_with_unfortunately_is_not_a_rejection(model: Classifier) -> None:
    result = classify(
        "Update on your application",
        "Recruiting <recruiting@pelham.example>",
        "Unfortunately there's a delay on our side: we are still reviewing applications and "
        "expect to update you in two weeks.",
        classifier=model,
    )
    assert result.label != MailClass.REJECTION


def test_every_classification_explains_itself(model: Classifier) -> None:
    for example in training_examples():
        result = classify(example.subject, example.sender, example.text, classifier=model)
        assert result.reasons
        assert all(reason.strip() for reason in result.reasons)
        assert abs(sum(result.scores.values()) - 1.0) < 0.01


def test_uncertain_rejection_goes_to_review_and_a_sure_one_is_acted_on() -> None:
    thresholds = {MailClass.REJECTION: 0.9, MailClass.OFFER: 0.95}
    unsure = Classification(MailClass.REJECTION, 0.6, ("rule: x",), {}, thresholds)
    sure = Classification(MailClass.REJECTION, 0.97, ("rule: x",), {}, thresholds)
    assert act_automatically(unsure) is False
    assert act_automatically(sure) is True


def test_trained_thresholds_for_rejection_and_offer_are_never_lax(model: Classifier) -> None:
    assert model.thresholds[MailClass.REJECTION] >= MIN_GUARDED_THRESHOLD
    assert model.thresholds[MailClass.OFFER] >= MIN_GUARDED_THRESHOLD
    result = classify(
        "Hello", "Ana <ana@corvid.example>", "Let us catch up soon.", classifier=model
    )
    assert result.thresholds == model.thresholds


def test_threshold_is_the_lowest_cut_that_keeps_precision() -> None:
    confidences = [0.99, 0.95, 0.9, 0.8, 0.7]
    correct = [True, True, True, False, True]
    assert choose_threshold(confidences, correct, target=0.98) == 0.9
    assert choose_threshold([0.9], [False]) == 1.01  # never act when the best guess was wrong
    assert choose_threshold([0.9, 0.8], [True, True]) == 0.8


def test_bulk_mail_without_job_words_skips_the_model(model: Classifier) -> None:
    result = classify(
        "Spring sale",
        "Newsletter <newsletter@garden.example>",
        "Bulbs and seeds at half price. Unsubscribe.",
        classifier=model,
    )
    assert result.label == MailClass.NOT_JOB
    assert result.reasons[0].startswith("bulk mail")


def test_user_corrections_outweigh_the_packaged_examples(model: Classifier) -> None:
    subject, sender = "New roles matching data engineer", "Alerts <alerts@jobboard.example>"
    text = "We found new jobs for you: data engineer roles near you. Apply today."
    before = classify(subject, sender, text, classifier=model)
    correction = Example(subject, sender, text, MailClass.NOT_JOB)
    corrected = train(training_examples(), extra=[correction])
    after = classify(subject, sender, text, classifier=corrected)
    assert after.label == MailClass.NOT_JOB
    assert after.scores[MailClass.NOT_JOB] > before.scores[MailClass.NOT_JOB]


def test_training_needs_two_classes() -> None:
    with pytest.raises(ValueError, match="two classes"):
        train(e for e in training_examples() if e.label == MailClass.OFFER)


def test_packaged_model_is_trained_once_then_read_from_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rows = [
        {
            "id": f"t-{i}",
            "label": str(e.label),
            "from": e.sender,
            "subject": e.subject,
            "body": e.text,
        }
        for i, e in enumerate(training_examples())
    ]
    (corpus / "pinned.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    monkeypatch.setattr(classifier_store, "corpus_files", lambda: sorted(corpus.glob("*.jsonl")))
    monkeypatch.setattr(classifier_store, "_loaded", {})
    monkeypatch.setattr(classifier_store, "_by_stamp", {})

    first = classifier_store.default_classifier()
    cached = list(Path(classifier_store.data_dir(), "models").glob("mail-classifier-*.joblib"))
    assert len(cached) == 1

    def no_training(*args: object, **kwargs: object) -> Classifier:
        raise AssertionError("the cached model should have been used")

    monkeypatch.setattr(classifier_store, "_loaded", {})
    monkeypatch.setattr(classifier_store, "_by_stamp", {})
    monkeypatch.setattr(classifier_store, "train", no_training)
    second = classifier_store.default_classifier()
    assert second.thresholds == first.thresholds
    assert classify(
        "Offer of employment", ATS, "We are delighted to offer you the role.", classifier=second
    ).label


def test_rules_find_phrases_in_any_case_and_at_the_very_start_of_the_text() -> None:
    fired = {rule.name for rule in fired_rules("", "", "Gone With Someone Else, sorry.")}
    assert "chose_someone_else" in fired
    fired = {rule.name for rule in fired_rules("", "", "DELIGHTED TO OFFER you the role")}
    assert "offer_phrase" in fired
    assert not fired_rules("", "", "See you at the market on Saturday.")


def test_a_rejection_that_offers_feedback_is_told_from_feedback_by_its_rules() -> None:
    rejection = "We have decided to appoint another candidate. If you would like feedback, ask."
    feedback = "You asked for feedback: the panel felt your answers on budgeting were brief."
    on_rejection = {rule.name for rule in fired_rules("Your application", "", rejection)}
    on_feedback = {rule.name for rule in fired_rules("Re: feedback", "", feedback)}
    assert {"chose_someone_else", "feedback_offered"} <= on_rejection
    assert "feedback_phrase" in on_feedback
    assert not {"chose_someone_else", "feedback_offered"} & on_feedback


def test_bulk_sender_is_recognised_whatever_its_case() -> None:
    reason = prefilter_not_job(
        "Spring sale", "NEWS <NEWSLETTER@GARDEN.EXAMPLE>", "Bulbs, half price."
    )
    assert reason is not None


def test_a_rejection_mentioned_only_as_a_possibility_is_not_a_rejection_cue() -> None:
    conditional = (
        "The panel meets on Friday. If you have not heard by 21 May, please assume you have "
        "not been shortlisted on this occasion."
    )
    fired = {rule.name for rule in fired_rules("Your application", "", conditional)}
    assert "rejection_phrase" not in fired
    assert "conditional_outcome" in fired
    plain = "I'm sorry to say you have not been shortlisted on this occasion."
    assert "rejection_phrase" in {rule.name for rule in fired_rules("", "", plain)}


def test_a_spot_a_seat_or_a_refund_offered_is_not_a_job_offer_cue() -> None:
    for text in (
        "Unfortunately we are unable to offer you a spot at the hackathon this year.",
        "We are pleased to offer you a place on the MSc course starting in September.",
        "We have decided to offer you a reimbursement towards your travel.",
    ):
        fired = {rule.name for rule in fired_rules("", "", text)}
        assert not fired & {"offer_phrase", "chose_someone_else"}, text
        assert "not_a_job_place" in fired, text
    job = {rule.name for rule in fired_rules("", "", "We are delighted to offer you the role.")}
    assert "offer_phrase" in job


def test_the_explanation_quotes_the_deciding_sentence_not_an_auto_reply_banner(
    model: Classifier,
) -> None:
    text = (
        "This is an automated message. Please do not reply.\n\nDear Sam,\n\n"
        "We have decided to move forward with other candidates for the Analyst role."
    )
    result = classify("", ATS, text, classifier=model)
    quoted = [reason for reason in result.reasons if "says “" in reason]
    assert quoted
    assert "reply" not in quoted[0].lower()
    assert "automated" not in quoted[0].lower()
