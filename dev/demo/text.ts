/**
 * Vocabulary for the demo train: realistic backlog items per product domain, so generated stories
 * read like a real ART's backlog (no "Story 17" placeholders).
 */

/** [summary, means, benefit, given, when, then] */
export type StoryItem = readonly [string, string, string, string, string, string];

export interface Domain {
  name: string;
  roles: readonly string[];
  items: readonly StoryItem[];
  qualifiers: readonly string[];
  epics: readonly string[];
}

export const DOMAINS: readonly Domain[] = [
  {
    name: 'billing',
    roles: ['finance administrator', 'account owner', 'billing contact'],
    qualifiers: ['for EU customers', 'in the customer portal', 'for enterprise plans', 'for reseller accounts', 'via the public API', 'on mobile web'],
    epics: ['Self-service invoice download', 'Flexible billing cycles', 'EU VAT compliance', 'Dunning and payment recovery', 'Partner pricing for the Vega acquisition'],
    items: [
      ['Download past invoices as PDF', 'download any past invoice as a PDF from the billing history', 'I can file it with our accounting records', 'I have at least one paid invoice', 'I click "Download PDF" next to an invoice', 'a PDF with the invoice number, line items and VAT breakdown is downloaded'],
      ['Update payment card before renewal', 'update the card used for automatic renewal', 'our subscription does not lapse when the old card expires', 'my saved card expires this month', 'I enter a new valid card and save', 'the next renewal is charged to the new card and the old card is removed'],
      ['Show VAT number on invoices', 'add our VAT registration number to the billing profile', 'invoices are compliant for EU reverse charge', 'my billing country is in the EU', 'I enter a VAT number that passes VIES validation', 'every new invoice shows the VAT number and a "reverse charge" note'],
      ['Prorate seat changes mid-cycle', 'see a prorated charge when I add seats mid-cycle', 'I only pay for what we use', 'we are 10 days into a 30-day billing cycle', 'I add 5 seats', 'the preview shows a prorated amount for the remaining 20 days'],
      ['Email receipt after successful payment', 'receive a receipt by email after each payment', 'I can forward it to accounts payable', 'a renewal payment succeeds', 'the payment is captured', 'a receipt email is sent to every billing contact within 5 minutes'],
      ['Retry failed card payments automatically', 'have failed renewals retried automatically', 'a temporary card decline does not suspend our account', 'a renewal payment is declined with a soft decline code', 'the retry schedule runs', 'the payment is retried after 1, 3 and 5 days and the owner is notified each time'],
      ['Purchase order number on invoices', 'enter a purchase order number at checkout', 'our procurement team can match invoices to orders', 'I am on the checkout page', 'I enter PO number "PO-4471" and pay', 'the invoice shows "PO-4471" in the header'],
      ['Switch between monthly and annual billing', 'switch our plan from monthly to annual billing', 'we get the annual discount', 'we are on a monthly plan', 'I choose annual billing and confirm', 'the change takes effect at the next renewal and the new price is shown'],
      ['Partner discount tiers on quotes', 'apply the partner discount tier to a quote', 'partners see the price they negotiated', 'a partner account in tier Gold', 'I create a quote for 100 seats', 'the 15% Gold discount is applied and shown as a separate line'],
    ],
  },
  {
    name: 'onboarding',
    roles: ['new customer', 'workspace admin', 'invited teammate'],
    qualifiers: ['for trial workspaces', 'on small screens', 'for SSO-enabled organisations', 'in German and French', 'for education plans', 'from the marketing site'],
    epics: ['Guided workspace setup', 'Bulk user provisioning', 'SSO with Azure AD', 'Data residency selection', 'Frictionless trial sign-up'],
    items: [
      ['Guided setup checklist for new workspaces', 'see a setup checklist after creating a workspace', 'I know which steps remain before my team can start', 'I have just created a workspace', 'I open the dashboard', 'a checklist with 5 setup steps and their completion state is shown'],
      ['Invite teammates in bulk from CSV', 'invite teammates by uploading a CSV of email addresses', 'I do not have to type 50 addresses by hand', 'I have a CSV with one email per row', 'I upload it on the Invite page', 'an invitation is sent to each valid address and invalid rows are listed'],
      ['Resume an incomplete sign-up', 'continue an interrupted sign-up where I left off', 'I do not have to enter my details again', 'I abandoned sign-up after the company details step', 'I open the link in the reminder email', 'I land on the next step with my earlier answers filled in'],
      ['Sample project for first-time users', 'start from a sample project with realistic data', 'I can explore the product before importing our own data', 'my workspace has no projects', 'I choose "Start with a sample"', 'a sample project with 20 items is created and marked as sample'],
      ['Email verification reminder', 'get a reminder if I have not verified my email', 'I do not lose access to the trial', 'I signed up 24 hours ago and have not verified', 'the reminder job runs', 'exactly one reminder email is sent'],
      ['Choose data residency region during sign-up', 'choose the region where our data is stored', 'we meet our data protection obligations', 'I am creating a workspace', 'I select "EU (Frankfurt)"', 'the workspace is provisioned in the EU region and the region is shown in settings'],
      ['Accept invitation with an existing account', 'accept an invitation using my existing account', 'I keep a single login across workspaces', 'I already have an account with the invited email', 'I click the invitation link', 'the workspace is added to my account without creating a new one'],
      ['Sign in with Azure AD', 'sign in with my company Azure AD account', 'I do not need another password', 'my organisation has connected Azure AD', 'I click "Continue with Microsoft"', 'I am signed in and my name and email come from Azure AD'],
      ['Skip optional onboarding steps', 'skip the optional profile steps', 'I can get to work immediately', 'I am on an optional onboarding step', 'I click "Skip for now"', 'I reach the dashboard and the skipped steps stay on the checklist'],
    ],
  },
  {
    name: 'search',
    roles: ['support agent', 'analyst', 'customer'],
    qualifiers: ['in the help centre', 'for archived records', 'in the agent workspace', 'across all workspaces', 'for non-Latin scripts', 'with more than 1M records'],
    epics: ['Unified search across records', 'Saved views and filters', 'Attachment full-text search', 'Search relevance tuning', 'Search performance at scale'],
    items: [
      ['Filter search results by date range', 'filter search results by created date', 'I find recent cases quickly', 'a search returns results from the last two years', 'I set the range to the last 30 days', 'only results created in the last 30 days are shown and the count updates'],
      ['Typo-tolerant search', 'find results even when I misspell a term', 'I do not miss relevant items because of a typo', 'an item titled "Invoice dispute" exists', 'I search for "invoce dispute"', 'the item appears in the first 5 results'],
      ['Save a search as a named view', 'save my current search and filters as a named view', 'I can rerun it every morning', 'I have a search with 3 filters applied', 'I save it as "Escalations EU"', 'the view appears in my sidebar and restores the same filters'],
      ['Highlight matched terms in results', 'see matched terms highlighted in the result snippets', 'I can judge relevance without opening each result', 'a result matches the query "refund"', 'the result list is shown', 'every occurrence of "refund" in the snippet is highlighted'],
      ['Search within PDF attachments', 'search the text of PDF attachments', 'I can find a case by a contract clause', 'a case has a PDF attachment containing "indemnity"', 'I search for "indemnity"', 'the case is returned with the attachment name in the snippet'],
      ['Recent searches dropdown', 'see my last 10 searches when I focus the search box', 'I can repeat a search with one click', 'I have searched 12 times', 'I focus the search box', 'the 10 most recent distinct queries are listed, newest first'],
      ['Sort results by relevance or date', 'switch the result order between relevance and newest first', 'I can follow up on the latest activity', 'a search returns 40 results', 'I choose "Newest first"', 'results are ordered by last updated date, descending'],
      ['Search suggestions while typing', 'see suggestions while I type', 'I reach the right record in fewer keystrokes', 'I have typed three characters', 'I pause for 250 ms', 'up to 8 suggestions appear within 300 ms at the 95th percentile'],
      ['Boost exact title matches', 'see records whose title matches my query exactly at the top', 'I find known items without scrolling', 'a record titled "Q3 renewal" and 30 records mentioning it', 'I search for "Q3 renewal"', 'the record titled "Q3 renewal" is the first result'],
    ],
  },
  {
    name: 'notifications',
    roles: ['team lead', 'customer', 'on-call engineer'],
    qualifiers: ['for Slack users', 'for Microsoft Teams', 'in the mobile app', 'for guest users', 'for high-priority tickets', 'in the web app'],
    epics: ['Notification preferences center', 'Mobile push notifications', 'SLA breach alerting', 'Email digest', 'Quiet hours and do-not-disturb'],
    items: [
      ['Daily digest instead of instant emails', 'receive one daily digest instead of an email per update', 'my inbox is not flooded', 'I have chosen the daily digest', 'ten updates happen during the day', 'one digest email listing all ten updates is sent at 08:00 in my time zone'],
      ['Mute notifications for a project', 'mute notifications for a single project', 'I only hear about work I care about', 'I follow 4 projects', 'I mute "Legacy migration"', 'no notifications from that project are sent until I unmute it'],
      ['Push notification on mention', 'get a push notification when someone mentions me', 'I can respond quickly from my phone', 'I have the mobile app with push enabled', 'a colleague mentions me in a comment', 'a push notification with the comment excerpt arrives'],
      ['Quiet hours for notifications', 'set quiet hours when no notifications are sent', 'I am not disturbed outside working hours', 'my quiet hours are 19:00 to 07:00', 'an update happens at 22:00', 'the notification is held and delivered at 07:00'],
      ['Notification preferences per channel', 'choose per event type whether I get email, push or in-app notifications', 'I receive each update where I will notice it', 'I am on the notification settings page', 'I turn off email for "status changed"', 'status changes reach me in-app only'],
      ['Alert on-call when an SLA is breached', 'be alerted when a ticket breaches its SLA', 'I can act before the customer escalates', 'a priority 1 ticket has a 4-hour SLA', 'the SLA is breached', 'the on-call engineer gets an alert within 1 minute'],
      ['One-click unsubscribe in every email', 'unsubscribe from a notification type with one click', 'I control what I receive', 'I receive the weekly summary email', 'I click "Unsubscribe" in the footer', 'I no longer receive weekly summaries and a confirmation page is shown'],
      ['Mark all notifications as read', 'mark all notifications as read at once', 'I can start the day with a clean inbox', 'I have 37 unread notifications', 'I click "Mark all as read"', 'the unread counter shows 0'],
      ['Snooze a notification until tomorrow', 'snooze a notification until tomorrow morning', 'I deal with it when I have time', 'I have an unread notification', 'I choose "Snooze until tomorrow"', 'it disappears and comes back at 09:00 the next day'],
    ],
  },
  {
    name: 'reporting',
    roles: ['finance manager', 'operations manager', 'account executive'],
    qualifiers: ['for the APAC region', 'for multi-currency accounts', 'for the board pack', 'per product line', 'for partner-sourced deals', 'in the executive view'],
    epics: ['Revenue reporting for finance', 'Scheduled report delivery', 'Churn analytics dashboard', 'Executive dashboard sharing', 'Fiscal calendar support'],
    items: [
      ['Export monthly revenue report to Excel', 'export the monthly revenue report as an Excel file', 'I can combine it with our forecast model', 'I am viewing the revenue report for October', 'I click "Export to Excel"', 'an .xlsx file with the same rows and totals as the screen is downloaded'],
      ['Schedule weekly report delivery', 'schedule a report to be emailed every Monday', 'stakeholders get it without asking', 'I have a saved report', 'I schedule it for Mondays at 09:00', 'recipients receive it every Monday at 09:00 in their time zone'],
      ['Drill down from chart to records', 'click a chart bar to see the underlying records', 'I can explain outliers', 'a bar chart of tickets per week is shown', 'I click the bar for week 42', 'a table of the tickets from week 42 opens'],
      ['Churn by customer segment', 'see churn broken down by customer segment', 'I can target retention campaigns', 'customers are tagged SMB, mid-market or enterprise', 'I open the churn dashboard', 'the monthly churn rate per segment is shown for the last 12 months'],
      ['Compare report periods', 'compare a report period with the previous period', 'I can see trends at a glance', 'I am viewing Q3 figures', 'I enable "Compare to previous period"', 'each figure shows the Q2 value and the percentage change'],
      ['Share dashboard with a read-only link', 'share a dashboard through a read-only link', 'executives can view it without a licence', 'I own a dashboard', 'I create a share link', 'anyone with the link sees the dashboard but cannot edit it'],
      ['Custom date ranges in reports', 'pick a custom date range for any report', 'I can report on our fiscal quarters', 'our fiscal year starts in April', 'I choose 1 April to 30 June', 'the report shows data for exactly that range'],
      ['Show data freshness on dashboards', 'see when the dashboard data was last refreshed', 'I know whether I can trust the numbers', 'a dashboard is open', 'the data was refreshed 2 hours ago', '"Updated 2 hours ago" is shown in the header'],
      ['Pipeline coverage report', 'see pipeline coverage against quota per quarter', 'I know early whether we will hit the number', 'quota for Q4 is 2M EUR', 'I open the pipeline coverage report', 'coverage is shown as pipeline divided by remaining quota with a 3x target line'],
    ],
  },
  {
    name: 'mobile',
    roles: ['field technician', 'mobile user', 'sales representative'],
    qualifiers: ['on Android', 'on iOS', 'on tablets', 'for low-bandwidth sites', 'for contractor technicians', 'in landscape mode'],
    epics: ['Offline field service app', 'Mobile biometric login', 'Asset scanning on mobile', 'Route planning for technicians', 'Proof of completion on mobile'],
    items: [
      ['Offline mode for work orders', 'view and update my work orders without a connection', 'I can keep working in basements and rural sites', 'I have synced my work orders', 'I lose connectivity and complete a work order', 'the change is queued and synced when I am back online'],
      ['Biometric login on mobile', 'sign in with Face ID or fingerprint', 'I do not have to type my password on a small screen', 'biometrics are enabled on my device', 'I open the app', 'I am signed in after a successful biometric check'],
      ['Attach a photo to a job', 'take a photo and attach it to the job', 'the office can see the site condition', 'I am on a job', 'I take a photo from the job screen', 'the photo is attached with time and location'],
      ['Dark mode in the mobile app', 'use the app in dark mode', 'it is easier on my eyes at night', 'my phone is set to dark appearance', 'I open the app', 'all screens use the dark theme with WCAG AA contrast'],
      ['Scan barcode to open an asset', 'scan an asset barcode to open its record', 'I avoid typing long serial numbers', 'an asset with barcode 4006381333931 exists', 'I scan the barcode', 'the asset record opens within 2 seconds'],
      ['Route planning for daily visits', 'see my visits for the day on a map in the best order', 'I spend less time driving', 'I have 6 visits today', 'I open "Today"', 'the visits are shown on a map with a suggested order and travel times'],
      ['Deep link from email to app screen', 'open the right screen in the app from an email link', 'I do not have to navigate manually', 'the app is installed', 'I tap a link to order 1182 in an email', 'the app opens on order 1182'],
      ['Capture customer signature', 'capture the customer signature on my phone', 'we have proof of completion', 'a job is ready to close', 'the customer signs on screen', 'the signature is stored on the job and shown on the PDF report'],
      ['Sync status indicator', 'see whether my local changes have been synced', 'I know when it is safe to close the app', 'I have 3 unsynced changes', 'the sync completes', 'the indicator changes from "3 pending" to "All changes synced"'],
    ],
  },
];

/** Slices used to split a backlog item into several stories (real backlogs do this a lot). */
export const SLICES: readonly string[] = ['', ': error handling', ': empty state', ': audit trail', ': permissions', ': analytics events', ': accessibility', ': API endpoint', ': admin settings'];

/** Technical stories written from the team's perspective: [summary, means, benefit | null, implementation steps]. */
export const TECHNICAL: readonly (readonly [string, string, string | null, readonly string[]])[] = [
  ['Refactor the billing DAO layer', 'refactor the DAO layer to use the repository pattern', 'we can unit-test invoice logic without a database', ['Extract InvoiceRepository interface', 'Move SQL into repository implementations', 'Replace direct DAO calls in InvoiceService', 'Delete the old BaseDao class']],
  ['Upgrade search cluster to Elasticsearch 8', 'upgrade the search cluster to Elasticsearch 8', 'we stay on a supported version', ['Snapshot all indices', 'Provision the 8.x cluster with Terraform', 'Reindex with the new mappings', 'Switch the alias and decommission 7.x']],
  ['Migrate notification worker to Node 22', 'migrate the notification worker to Node 22', null, ['Bump the base image', 'Fix deprecated crypto calls', 'Run the soak test for 24 hours']],
  ['Add contract tests for the payments API', 'add consumer-driven contract tests for the payments API', 'breaking changes are caught before release', ['Add Pact to the billing client', 'Publish pacts from CI', 'Verify pacts in the payments pipeline']],
  ['Replace cron jobs with the job scheduler', 'replace the reporting cron jobs with the shared job scheduler', 'failed runs are retried and visible', ['Inventory the 14 cron entries', 'Port each job to a scheduler task', 'Add alerting on failures', 'Remove the crontab']],
  ['Split the reporting module out of the monolith', 'split the reporting module into its own service', null, ['Define the service boundary', 'Create the reporting-service repository', 'Route /reports through the gateway', 'Dual-run for two weeks']],
  ['Introduce feature flags for mobile releases', 'introduce remote feature flags in the mobile app', 'we can dark-launch features', ['Integrate the flag SDK', 'Wrap offline mode behind a flag', 'Document the flag lifecycle']],
  ['Remove deprecated v1 export endpoints', 'remove the deprecated v1 export endpoints', 'we stop maintaining two code paths', ['Check API logs for remaining v1 callers', 'Return 410 Gone for 2 weeks', 'Delete the handlers and tests']],
  ['Add distributed tracing to the onboarding service', 'add OpenTelemetry tracing to the onboarding service', 'we can find slow sign-up steps', ['Add the OTel SDK', 'Propagate trace headers through the queue', 'Create a sign-up latency dashboard']],
  ['Move service secrets to the vault', 'move all service secrets from environment files to the vault', null, ['Create vault paths per service', 'Switch the deploy pipeline to vault injection', 'Rotate every migrated secret']],
  ['Index invoice lookups by customer and date', 'add a composite index for invoice lookups', 'the billing history page loads under 1 second', ['Analyse the slow query log', 'Add index on (customer_id, issued_at)', 'Verify the query plan in staging']],
  ['Upgrade React Native to 0.76', 'upgrade React Native to 0.76', 'we can use the new architecture', ['Upgrade dependencies', 'Fix breaking native module changes', 'Regression-test on 6 reference devices']],
];

/** Non-atomic stories: the means joins several goals. [summary, role, means, benefit] */
export const NON_ATOMIC: readonly (readonly [string, string, string, string])[] = [
  ['Export reports and email them to finance', 'operations manager', 'export reports and email them to finance', 'month-end closing is faster'],
  ['Import customers and assign account managers', 'sales representative', 'import customers from a spreadsheet and assign them to account managers', 'new accounts are covered on day one'],
  ['Add, edit and delete saved searches', 'support agent', 'add, edit and delete my saved searches', 'my sidebar stays tidy'],
  ['Upload profile photo and set notification preferences', 'new customer', 'upload a profile photo and set my notification preferences', 'my account is ready to use'],
  ['Create, approve & send credit notes', 'finance administrator', 'create, approve & send credit notes', 'refunds are handled in one place'],
  ['Scan barcodes or search assets by serial number', 'field technician', 'scan barcodes or search assets by serial number and update their location', 'the asset register stays accurate'],
  ['Merge duplicate contacts and notify owners', 'account executive', 'merge duplicate contacts and notify their owners', 'we do not email the same person twice'],
  ['Bulk edit notification rules and copy them to other projects', 'team lead', 'bulk edit notification rules and copy them to other projects', 'all projects follow the same rules'],
  ['Filter, sort and export search results', 'analyst', 'filter, sort and export search results', 'I can share findings with my team'],
  ['Pause subscription or downgrade plan', 'account owner', 'pause our subscription or downgrade to a cheaper plan', 'we keep our data during the quiet season'],
  ['Record time on job and order spare parts', 'field technician', 'record my time on a job and order spare parts from the same screen', 'billing and stock are always up to date'],
  ['Set up SSO, SCIM and audit logging', 'workspace admin', 'set up SSO, SCIM provisioning and audit logging', 'security review can sign off'],
];

/** Vague descriptions: unmeasurable adjectives, "works as expected". */
export const VAGUE_TEXT: readonly string[] = [
  'The page should be fast and user-friendly.',
  'Make it more intuitive and easy to use, like the competitor does.',
  'Should be robust and flexible enough for all customers.',
  'Improve the experience so that it feels appropriate on all devices.',
];
export const VAGUE_AC: readonly string[] = ['Works as expected.', 'Should be fast.', 'Everything works and looks good.', 'No bugs.'];

/** Placeholder descriptions for stories nobody has refined yet. */
export const PLACEHOLDER_TEXT: readonly string[] = ['TBD', 'TBD - details to follow from the PO', 'Needs discussion with UX?', 'See the call notes, etc.', '…'];

export const SPRINT_GOALS: readonly string[] = [
  'Ship {epic} to beta customers',
  'Complete the first slice of {epic}',
  'Harden {epic} for general availability',
  'Demo {epic} end to end at the system demo',
  'Reduce open defects and finish {epic}',
];

/** Improvement items from two Inspect & Adapt events. [summary, outcome] */
export const IMPROVEMENTS_PI3: readonly (readonly [string, 'done' | 'open' | 'carried'])[] = [
  ['Automate the regression suite for the billing API', 'done'],
  ['Define a shared Definition of Ready across teams', 'done'],
  ['Reduce flaky end-to-end tests below 2%', 'carried'],
  ['Introduce a refinement timebox for every team', 'done'],
  ['Make cross-team dependencies visible on the program board', 'open'],
  ['Pair Nebula with Comet on writing acceptance criteria', 'carried'],
  ['Shorten code review turnaround to under 24 hours', 'done'],
];
export const IMPROVEMENTS_PI4: readonly (readonly [string, 'done' | 'open' | 'carried' | 'active'])[] = [
  ['Add an acceptance criteria template to the Story issue type', 'done'],
  ['Limit work in progress to 3 stories per developer', 'active'],
  ['Run a WSJF calibration session before PI planning', 'open'],
  ['Discuss reopened stories in every team retrospective', 'open'],
  ['Stabilise the nightly deploy to staging', 'done'],
  ['Split stories larger than 8 points before sprint planning', 'active'],
  ['Publish sprint goals in the train channel', 'open'],
];
export const RETRO_ITEMS: readonly string[] = ['Agree on a code review checklist', 'Keep the team board updated before stand-up'];
