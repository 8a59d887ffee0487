"""A small pinned training set for the classifier tests, independent of the packaged corpus."""

from __future__ import annotations

from afterword.inbox.classify import Example
from afterword.inbox.labels import MailClass

ATS = "Talent Team <no-reply@boards.greenhouse.example>"

_MESSAGES: dict[MailClass, list[tuple[str, str, str]]] = {
    MailClass.APPLICATION_RECEIVED: [
        (
            "Thanks for applying to Larkspur",
            ATS,
            "We have received your application for Analyst and will review it soon.",
        ),
        (
            "Application received",
            "Careers <careers@fennel.example>",
            "This confirms we received your application for the Designer role.",
        ),
        (
            "Your application to Ostrava Labs",
            ATS,
            "Thank you for applying. Our team reviews every application carefully.",
        ),
        (
            "We got your application",
            "Jobs <jobs@brae.example>",
            "Thanks for your application for Data Engineer; we will be in touch if it is a match.",
        ),
        (
            "Application submitted: Ref 4471",
            "Workday <tenant@myworkday.example>",
            "Your application has been submitted successfully for requisition 4471.",
        ),
    ],
    MailClass.INTERVIEW_INVITATION: [
        (
            "Interview invitation",
            "Recruiting <recruiting@pelham.example>",
            "We would like to invite you to a second interview. Please share your availability.",
        ),
        (
            "Next stage: technical interview",
            ATS,
            "You have progressed to the next round. Book a slot for your technical interview.",
        ),
        (
            "Online assessment",
            "Careers <careers@tidewell.example>",
            "Please complete the online assessment as the next step in our process.",
        ),
        (
            "Final round",
            "Mira Holt <mira@quillon.example>",
            "The panel would like to meet you for a final round interview on site.",
        ),
        (
            "Take-home exercise",
            "Recruiting <recruiting@grove.example>",
            "The next step is a short take-home exercise, then a call to discuss it.",
        ),
    ],
    MailClass.HIRING_MANAGER_CHAT: [
        (
            "Coffee next week?",
            "Ravi Sen <ravi@lumen.example>",
            "I lead the team you applied to. Fancy an informal coffee chat next week?",
        ),
        (
            "Quick hello",
            "Ana Ruiz <ana@corvid.example>",
            "I'm the hiring manager for the role and would love an informal chat about the team.",
        ),
        (
            "Meet the team lead",
            "Tom Bell <tom@heron.example>",
            "As the manager of this team I'd like a relaxed conversation, nothing formal.",
        ),
        (
            "Informal chat",
            "Ida Park <ida@morrow.example>",
            "Before the process starts I'd enjoy a casual call to tell you about the team.",
        ),
        (
            "Intro from the team",
            "Leo Grant <leo@fable.example>",
            "I'd be your manager. Keen to have an informal chat and answer your questions.",
        ),
    ],
    MailClass.REJECTION: [
        (
            "Your application",
            ATS,
            "Unfortunately, we have decided to move forward with other candidates whose experience more closely matches the role.",
        ),
        (
            "Update on your application",
            "Careers <careers@fennel.example>",
            "After careful consideration we regret to inform you that your application was unsuccessful.",
        ),
        (
            "Analyst role",
            "Hiring <hiring@brae.example>",
            "Thank you for interviewing. We will not be moving forward with your application.",
        ),
        (
            "Re: Designer position",
            "Mira Holt <mira@quillon.example>",
            "Sadly we decided to go with another candidate this time. Thank you for your time.",
        ),
        (
            "Outcome of your interview",
            "Recruiting <recruiting@pelham.example>",
            "I am sorry to let you know that you have not been successful on this occasion.",
        ),
    ],
    MailClass.OFFER: [
        (
            "Offer of employment",
            "Recruiting <recruiting@pelham.example>",
            "We are delighted to offer you the position. Your base salary will be 62,000 with a start date in May.",
        ),
        (
            "Good news",
            "Mira Holt <mira@quillon.example>",
            "I'm thrilled to extend a verbal offer for the Designer role; the written offer letter follows.",
        ),
        (
            "Your offer from Brae",
            "Hiring <hiring@brae.example>",
            "We are pleased to offer you the Analyst role. The offer letter with compensation details is attached.",
        ),
        (
            "Offer: Data Engineer",
            ATS,
            "Congratulations, we would like to extend you a formal offer. Please review the offer letter.",
        ),
        (
            "Welcome aboard?",
            "Ravi Sen <ravi@lumen.example>",
            "We'd love you to join us and are happy to offer you the role with a signing bonus.",
        ),
    ],
    MailClass.OFFER_DEADLINE: [
        (
            "Re: your offer",
            "Mira Holt <mira@quillon.example>",
            "Happy to give you until Friday to decide on the offer; please let us know by then.",
        ),
        (
            "Offer extension",
            "Recruiting <recruiting@pelham.example>",
            "We can grant the extension you asked for; the offer will remain open until next Wednesday.",
        ),
        (
            "Offer deadline",
            "Hiring <hiring@brae.example>",
            "A reminder that the offer expires on Monday. Let us know your decision by then.",
        ),
        (
            "Re: more time",
            "Ravi Sen <ravi@lumen.example>",
            "I'm afraid we cannot extend the deadline beyond Thursday for the offer.",
        ),
        (
            "Your decision",
            ATS,
            "Please respond to the offer by 5pm tomorrow, which is the deadline we agreed.",
        ),
    ],
    MailClass.STATUS_UPDATE: [
        (
            "Quick update",
            "Mira Holt <mira@quillon.example>",
            "We are still reviewing candidates and haven't made a decision yet. Thanks for your patience.",
        ),
        (
            "Update on timing",
            "Recruiting <recruiting@pelham.example>",
            "Unfortunately there is a delay in our process; we expect to update you in two weeks.",
        ),
        (
            "Still in the running",
            "Hiring <hiring@brae.example>",
            "Just letting you know you haven't been forgotten; the process is taking longer than planned.",
        ),
        (
            "Where things stand",
            "Ravi Sen <ravi@lumen.example>",
            "No decision yet, we are still interviewing a couple of people. I'll update you soon.",
        ),
        (
            "Process update",
            ATS,
            "Your application is still under consideration; the hiring team is still reviewing.",
        ),
    ],
    MailClass.FEEDBACK: [
        (
            "Feedback from your interview",
            "Mira Holt <mira@quillon.example>",
            "Here is the feedback from the panel: strengths in design thinking, areas to improve in estimation.",
        ),
        (
            "Interview feedback",
            "Recruiting <recruiting@pelham.example>",
            "As promised, the panel felt your SQL was strong but your system design needs more depth.",
        ),
        (
            "Some feedback",
            "Hiring <hiring@brae.example>",
            "You asked for feedback. The interviewers noted clear communication and suggested more testing practice.",
        ),
        (
            "Notes from the panel",
            "Ravi Sen <ravi@lumen.example>",
            "The panel liked your examples; the main area for development is stakeholder management.",
        ),
        (
            "Your feedback",
            "Careers <careers@fennel.example>",
            "Feedback on your assessment: strengths in analysis, areas for growth in presentation.",
        ),
    ],
    MailClass.RECRUITER_OUTREACH: [
        (
            "Exciting opportunity",
            "Gail Moss <gail@northstaffing.example>",
            "I came across your profile and have an exciting new opportunity with my client.",
        ),
        (
            "Senior role in fintech",
            "Pete Ray <pete@talentbridge.example>",
            "I'm a recruiter working on behalf of a client. Would you be open to a new role?",
        ),
        (
            "Your background",
            "Jo Lane <jo@hirewell.example>",
            "Your background caught my eye; are you open to opportunities in data engineering?",
        ),
        (
            "Role you might like",
            "Sam Ode <sam@peoplefirst.example>",
            "I'm recruiting for a fast-growing startup and think your profile is a great fit.",
        ),
        (
            "Confidential search",
            "Una Fry <una@searchco.example>",
            "On behalf of our client I am running a confidential search; open to a chat?",
        ),
    ],
    MailClass.NOT_JOB: [
        (
            "Exclusive offer just for you",
            "Deals <deals@shopmart.example>",
            "Get 30% off everything this weekend. Limited time. Unsubscribe here.",
        ),
        (
            "Your weekly digest",
            "Newsletter <newsletter@readly.example>",
            "Top stories this week. View this email in your browser. Unsubscribe.",
        ),
        (
            "Dinner on Saturday?",
            "Mum <mum@family.example>",
            "Are you free for dinner on Saturday? Dad is cooking.",
        ),
        (
            "Your parcel is on its way",
            "Parcels <notifications@shipfast.example>",
            "Your order has shipped and will arrive tomorrow.",
        ),
        (
            "Statement ready",
            "Bank <alerts@bankly.example>",
            "Your monthly statement is ready to view in the app.",
        ),
    ],
}


def training_examples() -> list[Example]:
    """Five hand-written messages per class."""
    return [
        Example(subject, sender, text, label)
        for label, messages in _MESSAGES.items()
        for subject, sender, text in messages
    ]
