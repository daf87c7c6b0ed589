"""Word lists for the fictional county of Wrekinshire.

Given and family names are common in England and Wales, so no combination points at anyone in
particular; streets and towns are invented. Phone numbers use Ofcom's range reserved for drama
(01632 960000–960999), email addresses the reserved `.example` domain, and postcodes the
non-geographic SY99 district, so nothing here reaches a real person or place.
"""

FEMALE_GIVEN_NAMES = (
    "Olivia", "Amelia", "Isla", "Ava", "Ivy", "Freya", "Lily", "Florence", "Mia", "Willow",
    "Rosie", "Sophia", "Isabella", "Grace", "Daisy", "Sienna", "Poppy", "Elsie", "Emily", "Ella",
    "Evelyn", "Phoebe", "Sofia", "Evie", "Charlotte", "Harper", "Millie", "Matilda", "Maya", "Sophie",
    "Alice", "Emilia", "Isabelle", "Ruby", "Luna", "Maisie", "Aria", "Penelope", "Mila", "Bonnie",
    "Eva", "Hallie", "Eliza", "Ada", "Violet", "Esme", "Arabella", "Imogen", "Jessica", "Delilah",
    "Aisha", "Zara", "Fatima", "Maryam", "Hannah", "Layla", "Amira", "Priya", "Chloe", "Megan",
    "Sarah", "Emma", "Rebecca", "Laura", "Gemma", "Kelly", "Stacey", "Claire", "Nicola", "Lisa",
    "Joanne", "Michelle", "Danielle", "Natalie", "Samantha", "Kirsty", "Leanne", "Hayley", "Jade", "Amy",
    "Karen", "Susan", "Julie", "Tracey", "Angela", "Helen", "Deborah", "Jacqueline", "Wendy", "Carol",
)

MALE_GIVEN_NAMES = (
    "Noah", "Muhammad", "Oliver", "George", "Leo", "Arthur", "Oscar", "Theodore", "Freddie", "Theo",
    "Archie", "Harry", "Jack", "Henry", "Charlie", "Finley", "Alfie", "Tommy", "Thomas", "William",
    "Jacob", "Isaac", "Lucas", "Teddy", "Albert", "Reuben", "Ezra", "Hugo", "Roman", "Edward",
    "Joshua", "Max", "Louie", "Elijah", "Mason", "Hunter", "Arlo", "Rory", "Jaxon", "Ethan",
    "Daniel", "Samuel", "Joseph", "Adam", "Ibrahim", "Yusuf", "Amir", "Kai", "Dylan", "Riley",
    "James", "Matthew", "Christopher", "Michael", "David", "Andrew", "Mark", "Paul", "Craig", "Lee",
    "Richard", "Stephen", "Darren", "Jason", "Gareth", "Kevin", "Wayne", "Dean", "Scott", "Ryan",
    "Liam", "Jamie", "Luke", "Connor", "Callum", "Jordan", "Kieran", "Aaron", "Bradley", "Nathan",
    "Peter", "Robert", "John", "Brian", "Graham", "Keith", "Colin", "Trevor", "Barry", "Gary",
)

FAMILY_NAMES = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson",
    "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Thomas", "Clarke",
    "Jackson", "Wood", "Harris", "Edwards", "Turner", "Martin", "Cooper", "Hill", "Ward", "Hughes",
    "Moore", "Clark", "King", "Harrison", "Lewis", "Baker", "Lee", "Allen", "Morris", "Khan",
    "Scott", "Watson", "Davis", "Parker", "James", "Bennett", "Young", "Phillips", "Richardson", "Mitchell",
    "Bailey", "Carter", "Cook", "Singh", "Shaw", "Bell", "Collins", "Morgan", "Kelly", "Begum",
    "Miller", "Cox", "Marshall", "Simpson", "Anderson", "Price", "Adams", "Ali", "Murphy", "Graham",
    "Ellis", "Mason", "Webb", "Rogers", "Chapman", "Hunt", "Fletcher", "Palmer", "Holmes", "Mills",
    "Lloyd", "Barnes", "Knight", "Russell", "Butler", "Fox", "Gibson", "Ahmed", "Pearson", "Foster",
    "Rahman", "Hussain", "Nowak", "Kowalski", "Okafor", "Mensah", "Campbell", "Stewart", "Reid", "Murray",
)

STREET_NAMES = (
    "Wrekin View", "Ercall Lane", "Haddon Road", "Kettlebury Way", "Lowbridge Street", "Marsh Cotton Close",
    "Foxwell Drive", "Orchard Rise", "Beacon Crescent", "Millpond Lane", "Kingfisher Walk", "Heronsgate",
    "Coppice Road", "Larkspur Avenue", "Cinder Hill", "Tanners Row", "Quarry Bank", "Chapel Fold",
    "Ironbridge Terrace", "Saltway", "Furnace Lane", "Brindley Court", "Meadow Sweet Way", "Bellfounders Close",
    "Old Forge Road", "Wharf Street", "Canal Side", "Hollyhock Gardens", "Pennycress Road", "Redstart Way",
    "Sandpiper Close", "Thistledown", "Wheatsheaf Lane", "Blackthorn Rise", "Hazel Grove", "Rowan Way",
    "Station Approach", "Victoria Parade", "Albert Terrace", "Market Street",
)

# Towns with the locality team (1 north, 2 south) that covers them.
TOWNS = (
    ("Wrekin", 1),
    ("Lowbridge", 1),
    ("Haddon Heath", 1),
    ("Kettlebury", 2),
    ("Marsh Cotton", 2),
    ("Foxwell", 2),
)

# Inward-code letters used by real postcodes (no C, I, K, M, O or V).
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
POSTCODE_DISTRICT = "SY99"

FIRST_LANGUAGES = (
    ("English", 900),
    ("Polish", 25),
    ("Urdu", 15),
    ("Punjabi", 12),
    ("Romanian", 12),
    ("Bengali", 8),
    ("Arabic", 10),
    ("Portuguese", 6),
    ("Lithuanian", 6),
    ("Tigrinya", 3),
    ("British Sign Language", 3),
)

# A rough English-county mix of CIN census ethnicity codes (weights).
ETHNICITIES = (
    ("WBRI", 780),
    ("WOTH", 50),
    ("WIRI", 5),
    ("WROM", 5),
    ("WIRT", 3),
    ("MWBC", 12),
    ("MWBA", 6),
    ("MWAS", 10),
    ("MOTH", 10),
    ("AIND", 20),
    ("APKN", 20),
    ("ABAN", 6),
    ("AOTH", 8),
    ("BCRB", 8),
    ("BAFR", 15),
    ("BOTH", 3),
    ("CHNE", 5),
    ("OOTH", 9),
    ("REFU", 3),
    ("NOBT", 2),
)
