"""The exercise library FitSpace ships: 217 common exercises in our own words.

The data lives in this migration, so it is fixed history: later changes to the library come as
new migrations (or staff edits in the admin), and every database gets the same rows.
"""

import uuid

from django.db import migrations

MUSCLES = [
    ("chest", "Chest", "chest"),
    ("lats", "Lats", "back"),
    ("upper_back", "Upper back", "back"),
    ("lower_back", "Lower back", "back"),
    ("traps", "Trapezius", "back"),
    ("front_delts", "Front deltoids", "shoulders"),
    ("side_delts", "Side deltoids", "shoulders"),
    ("rear_delts", "Rear deltoids", "shoulders"),
    ("biceps", "Biceps", "arms"),
    ("triceps", "Triceps", "arms"),
    ("forearms", "Forearms", "arms"),
    ("abs", "Abdominals", "core"),
    ("obliques", "Obliques", "core"),
    ("glutes", "Glutes", "legs"),
    ("quadriceps", "Quadriceps", "legs"),
    ("hamstrings", "Hamstrings", "legs"),
    ("calves", "Calves", "legs"),
    ("adductors", "Adductors (inner thigh)", "legs"),
    ("abductors", "Abductors (outer hip)", "legs"),
    ("hip_flexors", "Hip flexors", "core"),
    ("neck", "Neck", "shoulders"),
    ("cardiovascular", "Heart and lungs", "cardio"),
]

EXERCISES = [
    {
        "slug": "barbell-back-squat",
        "name": "Barbell Back Squat",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["quadriceps", "glutes"],
        "secondary": ["hamstrings", "adductors", "lower_back", "abs"],
        "measures": ["reps", "weight"],
        "description": "Set the bar across your upper back, brace your trunk, and sit your hips down and "
        "back until your thighs are at least parallel to the floor. Drive through your "
        "whole foot to stand back up.",
    },
    {
        "slug": "barbell-front-squat",
        "name": "Barbell Front Squat",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["quadriceps", "glutes"],
        "secondary": ["adductors", "upper_back", "abs"],
        "measures": ["reps", "weight"],
        "description": "Rack the bar on the front of your shoulders with your elbows pointing forward, "
        "then squat down while keeping your torso as upright as possible. Push through "
        "mid-foot to return to standing.",
    },
    {
        "slug": "overhead-squat",
        "name": "Overhead Squat",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["quadriceps", "glutes", "front_delts"],
        "secondary": ["upper_back", "traps", "abs", "adductors"],
        "measures": ["reps", "weight"],
        "description": "Hold the bar overhead with a wide grip and locked elbows, then squat to full "
        "depth while keeping the bar over your mid-foot. Stand up without letting the bar "
        "drift forward.",
    },
    {
        "slug": "barbell-deadlift",
        "name": "Barbell Deadlift",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["hamstrings", "glutes", "lower_back"],
        "secondary": ["quadriceps", "traps", "forearms", "lats"],
        "measures": ["reps", "weight"],
        "description": "Stand with the bar over your mid-foot, hinge down to grip it just outside your "
        "shins, and brace hard. Push the floor away and extend your hips and knees "
        "together to stand tall, then lower the bar along the same path.",
    },
    {
        "slug": "romanian-deadlift",
        "name": "Romanian Deadlift",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["hamstrings", "glutes"],
        "secondary": ["lower_back", "forearms", "upper_back"],
        "measures": ["reps", "weight"],
        "description": "Starting from standing with the bar at your hips and a slight knee bend, push "
        "your hips back and let the bar slide down your thighs until you feel a deep "
        "hamstring stretch. Drive your hips forward to return to the top.",
    },
    {
        "slug": "sumo-deadlift",
        "name": "Sumo Deadlift",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["glutes", "quadriceps", "adductors"],
        "secondary": ["hamstrings", "lower_back", "traps", "forearms"],
        "measures": ["reps", "weight"],
        "description": "Take a wide stance with toes turned out and grip the bar inside your knees. Keep "
        "your chest up, press your knees outward, and drive the floor away until your "
        "hips lock out.",
    },
    {
        "slug": "barbell-bench-press",
        "name": "Barbell Bench Press",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["chest"],
        "secondary": ["triceps", "front_delts"],
        "measures": ["reps", "weight"],
        "description": "Lie on a flat bench with your shoulder blades pulled together, lower the bar "
        "under control to your mid-chest, and press it back up to straight arms. Keep "
        "your feet planted throughout.",
    },
    {
        "slug": "incline-barbell-bench-press",
        "name": "Incline Barbell Bench Press",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["chest", "front_delts"],
        "secondary": ["triceps"],
        "measures": ["reps", "weight"],
        "description": "On a bench set to roughly 30 to 45 degrees, lower the bar to your upper chest "
        "and press it back up over your shoulders. Keep your shoulder blades retracted "
        "and wrists stacked over your elbows.",
    },
    {
        "slug": "decline-barbell-bench-press",
        "name": "Decline Barbell Bench Press",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["chest"],
        "secondary": ["triceps", "front_delts"],
        "measures": ["reps", "weight"],
        "description": "Secure your legs on a decline bench, lower the bar to your lower chest, and "
        "press it back up to lockout. Control the descent and keep your upper back tight "
        "against the pad.",
    },
    {
        "slug": "close-grip-bench-press",
        "name": "Close-Grip Bench Press",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["triceps", "chest"],
        "secondary": ["front_delts"],
        "measures": ["reps", "weight"],
        "description": "Grip the bar about shoulder-width apart and lower it to your lower chest with "
        "your elbows kept close to your sides. Press back up, focusing on straightening "
        "your arms with your triceps.",
    },
    {
        "slug": "overhead-press",
        "name": "Barbell Overhead Press",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["front_delts", "triceps"],
        "secondary": ["side_delts", "traps", "upper_back", "abs"],
        "measures": ["reps", "weight"],
        "description": "Stand with the bar resting at your collarbones, squeeze your glutes and brace, "
        "then press it straight overhead, moving your head back to clear its path. Finish "
        "with the bar over your mid-foot and lower it under control.",
    },
    {
        "slug": "push-press",
        "name": "Push Press",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["front_delts", "triceps"],
        "secondary": ["quadriceps", "glutes", "side_delts", "traps"],
        "measures": ["reps", "weight"],
        "description": "From a front-rack position, dip a few inches at the knees and drive up hard with "
        "your legs to launch the bar overhead. Finish by locking out your arms, then "
        "lower the bar back to your shoulders.",
    },
    {
        "slug": "barbell-bent-over-row",
        "name": "Barbell Bent-Over Row",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["lats", "upper_back"],
        "secondary": ["rear_delts", "biceps", "lower_back", "forearms"],
        "measures": ["reps", "weight"],
        "description": "Hinge forward with a flat back and soft knees, letting the bar hang at arm's "
        "length. Row it toward your lower ribs, squeeze your shoulder blades together, "
        "and lower it under control.",
    },
    {
        "slug": "pendlay-row",
        "name": "Pendlay Row",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["upper_back", "lats"],
        "secondary": ["rear_delts", "biceps", "lower_back", "hamstrings"],
        "measures": ["reps", "weight"],
        "description": "With your torso roughly parallel to the floor, row the bar explosively from a "
        "dead stop on the floor to your lower chest. Set it back down and reset your "
        "position before every rep.",
    },
    {
        "slug": "barbell-hip-thrust",
        "name": "Barbell Hip Thrust",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["glutes"],
        "secondary": ["hamstrings", "quadriceps", "adductors"],
        "measures": ["reps", "weight"],
        "description": "Sit with your upper back against a bench and a padded bar across your hips, feet "
        "flat on the floor. Drive your hips up until your torso is level with your "
        "thighs, squeeze your glutes at the top, then lower.",
    },
    {
        "slug": "good-morning",
        "name": "Good Morning",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["hamstrings", "lower_back"],
        "secondary": ["glutes", "upper_back"],
        "measures": ["reps", "weight"],
        "description": "With the bar on your upper back and knees slightly bent, hinge at the hips and "
        "lower your torso toward parallel while keeping your back flat. Drive your hips "
        "forward to stand back up.",
    },
    {
        "slug": "barbell-shrug",
        "name": "Barbell Shrug",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["traps"],
        "secondary": ["forearms"],
        "measures": ["reps", "weight"],
        "description": "Hold the bar at arm's length in front of your thighs and lift your shoulders "
        "straight up toward your ears. Pause at the top, then lower slowly without "
        "rolling your shoulders.",
    },
    {
        "slug": "barbell-curl",
        "name": "Barbell Curl",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["biceps"],
        "secondary": ["forearms"],
        "measures": ["reps", "weight"],
        "description": "Hold the bar with an underhand, shoulder-width grip and curl it toward your "
        "shoulders while keeping your elbows pinned to your sides. Lower it slowly to "
        "full extension without swinging.",
    },
    {
        "slug": "barbell-reverse-lunge",
        "name": "Barbell Reverse Lunge",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["quadriceps", "glutes"],
        "secondary": ["hamstrings", "adductors", "abs"],
        "measures": ["reps", "weight"],
        "description": "With the bar across your upper back, step one foot back and lower until both "
        "knees are bent about 90 degrees. Push through the front foot to return to "
        "standing and alternate legs.",
    },
    {
        "slug": "landmine-press",
        "name": "Landmine Press",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["front_delts", "chest"],
        "secondary": ["triceps", "abs", "obliques"],
        "measures": ["reps", "weight"],
        "description": "Hold the free end of a barbell anchored in a landmine at shoulder height and "
        "press it up and forward until your arm is straight. Keep your ribs down and "
        "lower it back under control.",
    },
    {
        "slug": "power-clean",
        "name": "Power Clean",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["glutes", "hamstrings", "traps"],
        "secondary": ["quadriceps", "calves", "lower_back", "upper_back"],
        "measures": ["reps", "weight"],
        "description": "Pull the bar from the floor, then explosively extend your hips, knees and ankles "
        "and shrug to drive it upward. Pull yourself under it and catch it on the front "
        "of your shoulders in a quarter squat.",
    },
    {
        "slug": "squat-clean",
        "name": "Squat Clean",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["quadriceps", "glutes", "hamstrings"],
        "secondary": ["traps", "upper_back", "lower_back", "calves"],
        "measures": ["reps", "weight"],
        "description": "Lift the bar from the floor with a powerful hip and knee extension, then drop "
        "into a full front squat to receive it on your shoulders. Stand up to finish the "
        "lift.",
    },
    {
        "slug": "clean-and-jerk",
        "name": "Clean and Jerk",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["quadriceps", "glutes", "front_delts"],
        "secondary": ["hamstrings", "traps", "triceps", "upper_back"],
        "measures": ["reps", "weight"],
        "description": "Clean the bar from the floor to your shoulders and stand up, then dip and drive "
        "it overhead while splitting your feet to catch it on locked arms. Bring your "
        "feet back together to finish.",
    },
    {
        "slug": "barbell-snatch",
        "name": "Barbell Snatch",
        "category": "strength",
        "equipment": "barbell",
        "primary": ["glutes", "hamstrings", "quadriceps"],
        "secondary": ["traps", "front_delts", "upper_back", "triceps"],
        "measures": ["reps", "weight"],
        "description": "Using a wide grip, drive the bar from the floor in one continuous pull and drop "
        "underneath it, catching it overhead on locked arms in a deep squat. Stand up "
        "with the bar stable overhead.",
    },
    {
        "slug": "dumbbell-bench-press",
        "name": "Dumbbell Bench Press",
        "category": "strength",
        "equipment": "dumbbell",
        "primary": ["chest"],
        "secondary": ["triceps", "front_delts"],
        "measures": ["reps", "weight"],
        "description": "Lie on a flat bench holding a dumbbell in each hand at chest level and press "
        "them up until your arms are straight over your shoulders. Lower them slowly "
        "until you feel a stretch across your chest.",
    },
    {
        "slug": "incline-dumbbell-press",
        "name": "Incline Dumbbell Press",
        "category": "strength",
        "equipment": "dumbbell",
        "primary": ["chest", "front_delts"],
        "secondary": ["triceps"],
        "measures": ["reps", "weight"],
        "description": "On an incline bench, press two dumbbells from the sides of your upper chest "
        "until your arms are extended above your shoulders. Lower with control, keeping "
        "your elbows slightly tucked.",
    },
    {
        "slug": "dumbbell-fly",
        "name": "Dumbbell Fly",
        "category": "strength",
        "equipment": "dumbbell",
        "primary": ["chest"],
        "secondary": ["front_delts"],
        "measures": ["reps", "weight"],
        "description": "Lying on a flat bench with dumbbells above your chest and a soft bend in your "
        "elbows, open your arms wide in an arc until you feel a chest stretch. Squeeze "
        "your chest to bring the weights back together.",
    },
    {
        "slug": "seated-dumbbell-shoulder-press",
        "name": "Seated Dumbbell Shoulder Press",
        "category": "strength",
        "equipment": "dumbbell",
        "primary": ["front_delts", "triceps"],
        "secondary": ["side_delts", "traps"],
        "measures": ["reps", "weight"],
        "description": "Sit on an upright bench with dumbbells at shoulder height, palms facing forward, "
        "and press them overhead until your arms are straight. Lower them back to ear "
        "level under control.",
    },
    {
        "slug": "arnold-press",
        "name": "Arnold Press",
        "category": "strength",
        "equipment": "dumbbell",
        "primary": ["front_delts", "side_delts"],
        "secondary": ["triceps", "traps"],
        "measures": ["reps", "weight"],
        "description": "Start with dumbbells in front of your shoulders, palms facing you, then rotate "
        "your palms forward as you press the weights overhead. Reverse the rotation on "
        "the way down.",
    },
    {
        "slug": "dumbbell-lateral-raise",
        "name": "Dumbbell Lateral Raise",
        "category": "strength",
        "equipment": "dumbbell",
        "primary": ["side_delts"],
        "secondary": ["traps", "front_delts"],
        "measures": ["reps", "weight"],
        "description": "Stand holding light dumbbells at your sides and raise them out to the sides with "
        "a slight elbow bend until your arms reach shoulder height. Lower slowly without "
        "shrugging.",
    },
    {
        "slug": "dumbbell-reverse-fly",
        "name": "Bent-Over Dumbbell Reverse Fly",
        "category": "strength",
        "equipment": "dumbbell",
        "primary": ["rear_delts"],
        "secondary": ["upper_back", "traps"],
        "measures": ["reps", "weight"],
        "description": "Hinge forward with a flat back and let the dumbbells hang below your chest. With "
        "soft elbows, raise them out to the sides until your arms line up with your "
        "torso, then lower slowly.",
    },
    {
        "slug": "one-arm-dumbbell-row",
        "name": "One-Arm Dumbbell Row",
        "category": "strength",
        "equipment": "dumbbell",
        "primary": ["lats", "upper_back"],
        "secondary": ["rear_delts", "biceps", "forearms"],
        "measures": ["reps", "weight"],
        "description": "Brace one hand and knee on a bench and hold a dumbbell in the other hand with "
        "your arm hanging straight. Pull the dumbbell toward your hip, keeping your elbow "
        "close, then lower it fully.",
    },
    {
        "slug": "dumbbell-pullover",
        "name": "Dumbbell Pullover",
        "category": "strength",
        "equipment": "dumbbell",
        "primary": ["lats", "chest"],
        "secondary": ["triceps", "abs"],
        "measures": ["reps", "weight"],
        "description": "Lie on a bench holding one dumbbell with both hands above your chest. Lower it "
        "in an arc behind your head with slightly bent elbows, then pull it back over "
        "your chest.",
    },
    {
        "slug": "dumbbell-curl",
        "name": "Dumbbell Biceps Curl",
        "category": "strength",
        "equipment": "dumbbell",
        "primary": ["biceps"],
        "secondary": ["forearms"],
        "measures": ["reps", "weight"],
        "description": "Stand with a dumbbell in each hand, palms facing forward, and curl the weights "
        "toward your shoulders while keeping your upper arms still. Lower slowly to full "
        "extension.",
    },
    {
        "slug": "hammer-curl",
        "name": "Hammer Curl",
        "category": "strength",
        "equipment": "dumbbell",
        "primary": ["biceps", "forearms"],
        "secondary": [],
        "measures": ["reps", "weight"],
        "description": "Hold dumbbells at your sides with palms facing each other and curl them up "
        "without rotating your wrists. Keep your elbows close to your body and lower with "
        "control.",
    },
    {
        "slug": "incline-dumbbell-curl",
        "name": "Incline Dumbbell Curl",
        "category": "strength",
        "equipment": "dumbbell",
        "primary": ["biceps"],
        "secondary": ["forearms"],
        "measures": ["reps", "weight"],
        "description": "Sit back on a bench inclined to about 45 degrees with your arms hanging straight "
        "down, then curl the dumbbells up without letting your elbows drift forward. "
        "Lower fully to stretch the biceps.",
    },
    {
        "slug": "concentration-curl",
        "name": "Concentration Curl",
        "category": "strength",
        "equipment": "dumbbell",
        "primary": ["biceps"],
        "secondary": ["forearms"],
        "measures": ["reps", "weight"],
        "description": "Sit on a bench with the back of your upper arm braced against your inner thigh "
        "and curl a dumbbell toward your shoulder. Squeeze at the top and lower slowly.",
    },
    {
        "slug": "dumbbell-overhead-triceps-extension",
        "name": "Dumbbell Overhead Triceps Extension",
        "category": "strength",
        "equipment": "dumbbell",
        "primary": ["triceps"],
        "secondary": [],
        "measures": ["reps", "weight"],
        "description": "Hold one dumbbell with both hands overhead, then bend your elbows to lower it "
        "behind your head while keeping your upper arms vertical. Straighten your arms to "
        "press it back up.",
    },
    {
        "slug": "dumbbell-triceps-kickback",
        "name": "Dumbbell Triceps Kickback",
        "category": "strength",
        "equipment": "dumbbell",
        "primary": ["triceps"],
        "secondary": ["rear_delts"],
        "measures": ["reps", "weight"],
        "description": "Hinge forward with your upper arm held parallel to your torso and your elbow "
        "bent. Straighten your arm to push the dumbbell back until it is fully extended, "
        "then return slowly.",
    },
    {
        "slug": "dumbbell-romanian-deadlift",
        "name": "Dumbbell Romanian Deadlift",
        "category": "strength",
        "equipment": "dumbbell",
        "primary": ["hamstrings", "glutes"],
        "secondary": ["lower_back", "forearms"],
        "measures": ["reps", "weight"],
        "description": "Holding dumbbells in front of your thighs, push your hips back and lower the "
        "weights along your legs with a flat back until your hamstrings are stretched. "
        "Squeeze your glutes to stand up.",
    },
    {
        "slug": "single-leg-dumbbell-romanian-deadlift",
        "name": "Single-Leg Dumbbell Romanian Deadlift",
        "category": "strength",
        "equipment": "dumbbell",
        "primary": ["hamstrings", "glutes"],
        "secondary": ["abductors", "lower_back", "abs"],
        "measures": ["reps", "weight"],
        "description": "Balance on one leg holding a dumbbell and hinge forward as your free leg extends "
        "behind you, keeping your hips square. Return to standing by driving the hip of "
        "the working leg forward.",
    },
    {
        "slug": "bulgarian-split-squat",
        "name": "Bulgarian Split Squat",
        "category": "strength",
        "equipment": "dumbbell",
        "primary": ["quadriceps", "glutes"],
        "secondary": ["adductors", "hamstrings"],
        "measures": ["reps", "weight"],
        "description": "With your rear foot resting on a bench behind you and dumbbells at your sides, "
        "lower straight down until your front thigh is about parallel to the floor. Drive "
        "through the front foot to stand up.",
    },
    {
        "slug": "dumbbell-walking-lunge",
        "name": "Dumbbell Walking Lunge",
        "category": "strength",
        "equipment": "dumbbell",
        "primary": ["quadriceps", "glutes"],
        "secondary": ["hamstrings", "adductors", "calves"],
        "measures": ["reps", "weight"],
        "description": "Holding dumbbells at your sides, step forward and lower until both knees are "
        "bent about 90 degrees. Push off the front foot and bring the back leg through "
        "into the next step.",
    },
    {
        "slug": "dumbbell-step-up",
        "name": "Dumbbell Step-Up",
        "category": "strength",
        "equipment": "dumbbell",
        "primary": ["quadriceps", "glutes"],
        "secondary": ["hamstrings", "calves"],
        "measures": ["reps", "weight"],
        "description": "Place one foot on a sturdy box or bench and push through that foot to step up "
        "until you stand tall on top. Step back down with control and repeat.",
    },
    {
        "slug": "dumbbell-shrug",
        "name": "Dumbbell Shrug",
        "category": "strength",
        "equipment": "dumbbell",
        "primary": ["traps"],
        "secondary": ["forearms"],
        "measures": ["reps", "weight"],
        "description": "Hold dumbbells at your sides and raise your shoulders straight up toward your "
        "ears. Hold briefly, then lower slowly to a full stretch.",
    },
    {
        "slug": "dumbbell-wrist-curl",
        "name": "Dumbbell Wrist Curl",
        "category": "strength",
        "equipment": "dumbbell",
        "primary": ["forearms"],
        "secondary": [],
        "measures": ["reps", "weight"],
        "description": "Rest your forearms on your thighs or a bench with palms up and let the dumbbells "
        "roll toward your fingertips. Curl your wrists up as far as possible, then lower "
        "slowly.",
    },
    {
        "slug": "farmers-walk",
        "name": "Farmer's Walk",
        "category": "strength",
        "equipment": "dumbbell",
        "primary": ["forearms", "traps"],
        "secondary": ["abs", "obliques", "quadriceps", "upper_back"],
        "measures": ["weight", "distance", "duration"],
        "description": "Pick up a heavy dumbbell in each hand and walk with short, quick steps while "
        "standing tall with your shoulders set. Keep a tight grip and a braced core for "
        "the set distance or time.",
    },
    {
        "slug": "kettlebell-swing",
        "name": "Kettlebell Swing",
        "category": "strength",
        "equipment": "kettlebell",
        "primary": ["glutes", "hamstrings"],
        "secondary": ["lower_back", "abs", "forearms", "front_delts"],
        "measures": ["reps", "weight"],
        "description": "Hike the kettlebell back between your legs with a hip hinge, then snap your hips "
        "forward to float it up to about chest height. Let it fall back into the hinge "
        "and repeat.",
    },
    {
        "slug": "turkish-get-up",
        "name": "Turkish Get-Up",
        "category": "strength",
        "equipment": "kettlebell",
        "primary": ["front_delts", "abs", "obliques"],
        "secondary": ["glutes", "triceps", "quadriceps", "upper_back"],
        "measures": ["reps", "weight"],
        "description": "Lying on your back with a kettlebell pressed up in one hand, move step by step "
        "through elbow, hand and half-kneeling positions to standing, eyes on the bell. "
        "Reverse the steps to lie back down.",
    },
    {
        "slug": "goblet-squat",
        "name": "Goblet Squat",
        "category": "strength",
        "equipment": "kettlebell",
        "primary": ["quadriceps", "glutes"],
        "secondary": ["adductors", "abs", "upper_back"],
        "measures": ["reps", "weight"],
        "description": "Hold a kettlebell by the horns against your chest and squat down between your "
        "knees, keeping your chest tall. Push through your feet to rise back up.",
    },
    {
        "slug": "kettlebell-clean",
        "name": "Kettlebell Clean",
        "category": "strength",
        "equipment": "kettlebell",
        "primary": ["glutes", "hamstrings"],
        "secondary": ["forearms", "traps", "front_delts", "abs"],
        "measures": ["reps", "weight"],
        "description": "Swing the kettlebell back between your legs, then drive your hips forward and "
        "pull it close to your body so it settles softly onto your forearm in the rack "
        "position. Return it to the swing to repeat.",
    },
    {
        "slug": "kettlebell-snatch",
        "name": "Kettlebell Snatch",
        "category": "strength",
        "equipment": "kettlebell",
        "primary": ["glutes", "hamstrings", "front_delts"],
        "secondary": ["traps", "upper_back", "abs", "forearms"],
        "measures": ["reps", "weight"],
        "description": "From a backswing, drive your hips forward and guide the kettlebell in a close "
        "arc straight to an overhead lockout in one motion. Drop it back down into the "
        "next swing.",
    },
    {
        "slug": "kettlebell-press",
        "name": "Single-Arm Kettlebell Press",
        "category": "strength",
        "equipment": "kettlebell",
        "primary": ["front_delts", "triceps"],
        "secondary": ["side_delts", "obliques", "abs"],
        "measures": ["reps", "weight"],
        "description": "From the rack position with the kettlebell resting on your forearm, press it "
        "straight overhead until your arm locks out. Lower it back to the rack under "
        "control, keeping your ribs down.",
    },
    {
        "slug": "kettlebell-windmill",
        "name": "Kettlebell Windmill",
        "category": "strength",
        "equipment": "kettlebell",
        "primary": ["obliques"],
        "secondary": ["front_delts", "hamstrings", "glutes"],
        "measures": ["reps", "weight"],
        "description": "Hold a kettlebell locked out overhead and turn your feet away from it, then "
        "hinge sideways and slide your free hand down your front leg while watching the "
        "bell. Return to standing with control.",
    },
    {
        "slug": "lat-pulldown",
        "name": "Lat Pulldown",
        "category": "strength",
        "equipment": "cable",
        "primary": ["lats"],
        "secondary": ["biceps", "upper_back", "rear_delts"],
        "measures": ["reps", "weight"],
        "description": "Sit with your thighs under the pad and grip the bar slightly wider than your "
        "shoulders. Pull it down to your upper chest by driving your elbows toward your "
        "ribs, then let it rise back up slowly.",
    },
    {
        "slug": "seated-cable-row",
        "name": "Seated Cable Row",
        "category": "strength",
        "equipment": "cable",
        "primary": ["upper_back", "lats"],
        "secondary": ["rear_delts", "biceps", "forearms"],
        "measures": ["reps", "weight"],
        "description": "Sit tall with your feet on the platform and pull the handle toward your stomach, "
        "squeezing your shoulder blades together. Extend your arms forward again without "
        "rounding your back.",
    },
    {
        "slug": "face-pull",
        "name": "Face Pull",
        "category": "strength",
        "equipment": "cable",
        "primary": ["rear_delts", "upper_back"],
        "secondary": ["traps"],
        "measures": ["reps", "weight"],
        "description": "Set a rope attachment at about face height and pull it toward your forehead, "
        "spreading the ends apart so your hands finish beside your ears. Return slowly "
        "with control.",
    },
    {
        "slug": "cable-crossover",
        "name": "Cable Crossover",
        "category": "strength",
        "equipment": "cable",
        "primary": ["chest"],
        "secondary": ["front_delts"],
        "measures": ["reps", "weight"],
        "description": "Standing between two high pulleys with a handle in each hand, sweep your arms "
        "down and together in front of your body with slightly bent elbows. Let your arms "
        "open back up slowly.",
    },
    {
        "slug": "triceps-rope-pushdown",
        "name": "Triceps Rope Pushdown",
        "category": "strength",
        "equipment": "cable",
        "primary": ["triceps"],
        "secondary": [],
        "measures": ["reps", "weight"],
        "description": "Grip a rope on a high pulley with your elbows tucked at your sides and push down "
        "until your arms are fully straight, spreading the rope ends at the bottom. Let "
        "your forearms rise back up under control.",
    },
    {
        "slug": "cable-overhead-triceps-extension",
        "name": "Cable Overhead Triceps Extension",
        "category": "strength",
        "equipment": "cable",
        "primary": ["triceps"],
        "secondary": [],
        "measures": ["reps", "weight"],
        "description": "Facing away from a cable stack with a rope held behind your head, extend your "
        "elbows to push the rope forward and overhead. Keep your upper arms still and "
        "return slowly.",
    },
    {
        "slug": "cable-curl",
        "name": "Cable Biceps Curl",
        "category": "strength",
        "equipment": "cable",
        "primary": ["biceps"],
        "secondary": ["forearms"],
        "measures": ["reps", "weight"],
        "description": "Stand facing a low pulley with a straight bar or handle and curl it toward your "
        "shoulders while keeping your elbows by your sides. Lower it under steady "
        "tension.",
    },
    {
        "slug": "cable-lateral-raise",
        "name": "Cable Lateral Raise",
        "category": "strength",
        "equipment": "cable",
        "primary": ["side_delts"],
        "secondary": ["traps"],
        "measures": ["reps", "weight"],
        "description": "Stand side-on to a low pulley and hold the handle in your far hand. Raise your "
        "arm out to the side until it reaches shoulder height, then lower slowly.",
    },
    {
        "slug": "straight-arm-pulldown",
        "name": "Straight-Arm Pulldown",
        "category": "strength",
        "equipment": "cable",
        "primary": ["lats"],
        "secondary": ["triceps", "rear_delts", "abs"],
        "measures": ["reps", "weight"],
        "description": "Facing a high pulley, hold a bar or rope with straight arms and hinge slightly "
        "forward. Sweep your hands down toward your thighs using your lats, then let them "
        "rise back to shoulder height.",
    },
    {
        "slug": "cable-pull-through",
        "name": "Cable Pull-Through",
        "category": "strength",
        "equipment": "cable",
        "primary": ["glutes", "hamstrings"],
        "secondary": ["lower_back"],
        "measures": ["reps", "weight"],
        "description": "Facing away from a low pulley with a rope between your legs, hinge your hips "
        "back with a flat back. Drive your hips forward to stand tall and squeeze your "
        "glutes at the top.",
    },
    {
        "slug": "cable-glute-kickback",
        "name": "Cable Glute Kickback",
        "category": "strength",
        "equipment": "cable",
        "primary": ["glutes"],
        "secondary": ["hamstrings"],
        "measures": ["reps", "weight"],
        "description": "Attach an ankle strap to a low pulley, brace against the frame, and kick the "
        "working leg straight back without arching your lower back. Return slowly and "
        "finish the set before switching sides.",
    },
    {
        "slug": "leg-press",
        "name": "Leg Press",
        "category": "strength",
        "equipment": "machine",
        "primary": ["quadriceps", "glutes"],
        "secondary": ["hamstrings", "adductors"],
        "measures": ["reps", "weight"],
        "description": "Sit in the machine with your feet about shoulder-width apart on the platform and "
        "lower it until your knees are bent about 90 degrees or deeper. Press it back up "
        "without snapping your knees straight.",
    },
    {
        "slug": "hack-squat",
        "name": "Hack Squat",
        "category": "strength",
        "equipment": "machine",
        "primary": ["quadriceps", "glutes"],
        "secondary": ["adductors", "hamstrings"],
        "measures": ["reps", "weight"],
        "description": "With your back against the pad and shoulders under the supports, squat down "
        "until your thighs reach at least parallel to the platform. Push through your "
        "feet to return to the top.",
    },
    {
        "slug": "leg-extension",
        "name": "Leg Extension",
        "category": "strength",
        "equipment": "machine",
        "primary": ["quadriceps"],
        "secondary": [],
        "measures": ["reps", "weight"],
        "description": "Sit with the pad resting on your lower shins and extend your knees until your "
        "legs are straight. Squeeze your quads briefly and lower the weight slowly.",
    },
    {
        "slug": "lying-leg-curl",
        "name": "Lying Leg Curl",
        "category": "strength",
        "equipment": "machine",
        "primary": ["hamstrings"],
        "secondary": ["calves"],
        "measures": ["reps", "weight"],
        "description": "Lie face down with the pad just above your heels and curl your heels toward your "
        "glutes. Keep your hips pressed into the bench and lower under control.",
    },
    {
        "slug": "seated-leg-curl",
        "name": "Seated Leg Curl",
        "category": "strength",
        "equipment": "machine",
        "primary": ["hamstrings"],
        "secondary": ["calves"],
        "measures": ["reps", "weight"],
        "description": "Sit with the pad behind your lower legs and the thigh pad locked down, then bend "
        "your knees to pull the pad under the seat. Return slowly to straight legs.",
    },
    {
        "slug": "standing-calf-raise",
        "name": "Standing Calf Raise",
        "category": "strength",
        "equipment": "machine",
        "primary": ["calves"],
        "secondary": [],
        "measures": ["reps", "weight"],
        "description": "Stand with the balls of your feet on the platform and your shoulders under the "
        "pads. Lower your heels for a full stretch, then rise as high as you can onto "
        "your toes.",
    },
    {
        "slug": "seated-calf-raise",
        "name": "Seated Calf Raise",
        "category": "strength",
        "equipment": "machine",
        "primary": ["calves"],
        "secondary": [],
        "measures": ["reps", "weight"],
        "description": "Sit with the pad resting on your lower thighs and the balls of your feet on the "
        "step. Lower your heels fully, then push up onto your toes and pause at the top.",
    },
    {
        "slug": "machine-chest-press",
        "name": "Machine Chest Press",
        "category": "strength",
        "equipment": "machine",
        "primary": ["chest"],
        "secondary": ["triceps", "front_delts"],
        "measures": ["reps", "weight"],
        "description": "Sit with the handles level with your mid-chest and press them forward until your "
        "arms are nearly straight. Return slowly until you feel a stretch in your chest.",
    },
    {
        "slug": "pec-deck-fly",
        "name": "Pec Deck Fly",
        "category": "strength",
        "equipment": "machine",
        "primary": ["chest"],
        "secondary": ["front_delts"],
        "measures": ["reps", "weight"],
        "description": "Sit with your back against the pad and your arms out to the sides on the "
        "handles. Bring them together in front of your chest, then let them open back up "
        "slowly.",
    },
    {
        "slug": "reverse-pec-deck",
        "name": "Reverse Pec Deck",
        "category": "strength",
        "equipment": "machine",
        "primary": ["rear_delts"],
        "secondary": ["upper_back", "traps"],
        "measures": ["reps", "weight"],
        "description": "Sit facing the machine pad and hold the handles with your arms extended in front "
        "of you. Sweep your arms out and back until they line up with your shoulders, "
        "then return slowly.",
    },
    {
        "slug": "machine-shoulder-press",
        "name": "Machine Shoulder Press",
        "category": "strength",
        "equipment": "machine",
        "primary": ["front_delts", "triceps"],
        "secondary": ["side_delts"],
        "measures": ["reps", "weight"],
        "description": "Sit with the handles at shoulder height and press them overhead until your arms "
        "are extended. Lower back to shoulder level under control.",
    },
    {
        "slug": "chest-supported-machine-row",
        "name": "Chest-Supported Machine Row",
        "category": "strength",
        "equipment": "machine",
        "primary": ["upper_back", "lats"],
        "secondary": ["rear_delts", "biceps"],
        "measures": ["reps", "weight"],
        "description": "Rest your chest against the pad, grab the handles, and pull them back until your "
        "elbows pass your torso. Squeeze your shoulder blades together and extend your "
        "arms slowly.",
    },
    {
        "slug": "hip-adduction-machine",
        "name": "Hip Adduction Machine",
        "category": "strength",
        "equipment": "machine",
        "primary": ["adductors"],
        "secondary": [],
        "measures": ["reps", "weight"],
        "description": "Sit with the pads against the insides of your knees and squeeze your legs "
        "together. Let them open back out slowly to a comfortable stretch.",
    },
    {
        "slug": "hip-abduction-machine",
        "name": "Hip Abduction Machine",
        "category": "strength",
        "equipment": "machine",
        "primary": ["abductors"],
        "secondary": ["glutes"],
        "measures": ["reps", "weight"],
        "description": "Sit with the pads against the outsides of your knees and push your legs apart as "
        "far as is comfortable. Bring them back together under control.",
    },
    {
        "slug": "back-extension",
        "name": "45-Degree Back Extension",
        "category": "strength",
        "equipment": "other",
        "primary": ["lower_back", "glutes", "hamstrings"],
        "secondary": [],
        "measures": ["reps", "weight"],
        "description": "Set your hips on the pad of a 45-degree back extension bench and lower your "
        "torso by hinging at the hips. Raise back up until your body forms a straight "
        "line, without overarching.",
    },
    {
        "slug": "smith-machine-squat",
        "name": "Smith Machine Squat",
        "category": "strength",
        "equipment": "smith_machine",
        "primary": ["quadriceps", "glutes"],
        "secondary": ["hamstrings", "adductors"],
        "measures": ["reps", "weight"],
        "description": "Position the bar across your upper back with your feet slightly in front of it, "
        "unhook it, and squat down until your thighs are about parallel. Drive back up to "
        "the start.",
    },
    {
        "slug": "smith-machine-incline-press",
        "name": "Smith Machine Incline Press",
        "category": "strength",
        "equipment": "smith_machine",
        "primary": ["chest", "front_delts"],
        "secondary": ["triceps"],
        "measures": ["reps", "weight"],
        "description": "Set an incline bench under the bar so it lines up with your upper chest. Unhook "
        "the bar, lower it to your chest under control, and press it back to lockout.",
    },
    {
        "slug": "ez-bar-curl",
        "name": "EZ-Bar Curl",
        "category": "strength",
        "equipment": "ez_bar",
        "primary": ["biceps"],
        "secondary": ["forearms"],
        "measures": ["reps", "weight"],
        "description": "Hold an EZ bar on the angled grips with palms up and curl it toward your "
        "shoulders, keeping your elbows fixed at your sides. Lower slowly to full "
        "extension.",
    },
    {
        "slug": "ez-bar-skull-crusher",
        "name": "EZ-Bar Skull Crusher",
        "category": "strength",
        "equipment": "ez_bar",
        "primary": ["triceps"],
        "secondary": [],
        "measures": ["reps", "weight"],
        "description": "Lying on a flat bench with an EZ bar held over your chest, bend only at the "
        "elbows to lower it toward your forehead. Extend your arms to bring it back over "
        "your chest.",
    },
    {
        "slug": "ez-bar-preacher-curl",
        "name": "EZ-Bar Preacher Curl",
        "category": "strength",
        "equipment": "ez_bar",
        "primary": ["biceps"],
        "secondary": ["forearms"],
        "measures": ["reps", "weight"],
        "description": "With the backs of your upper arms resting on a preacher bench pad, curl the EZ "
        "bar up toward your shoulders. Lower it slowly until your arms are almost "
        "straight.",
    },
    {
        "slug": "ez-bar-reverse-curl",
        "name": "EZ-Bar Reverse Curl",
        "category": "strength",
        "equipment": "ez_bar",
        "primary": ["forearms", "biceps"],
        "secondary": [],
        "measures": ["reps", "weight"],
        "description": "Hold an EZ bar with an overhand grip and curl it up while keeping your wrists "
        "straight and elbows at your sides. Lower it under control.",
    },
    {
        "slug": "trap-bar-deadlift",
        "name": "Trap Bar Deadlift",
        "category": "strength",
        "equipment": "trap_bar",
        "primary": ["quadriceps", "glutes", "hamstrings"],
        "secondary": ["lower_back", "traps", "forearms", "upper_back"],
        "measures": ["reps", "weight"],
        "description": "Stand inside the hex bar, grip the handles, and set your back flat with your "
        "hips slightly lower than in a conventional deadlift. Push through your feet to "
        "stand tall, then lower the bar to the floor.",
    },
    {
        "slug": "pull-up",
        "name": "Pull-Up",
        "category": "strength",
        "equipment": "pull_up_bar",
        "primary": ["lats", "upper_back"],
        "secondary": ["biceps", "rear_delts", "forearms", "abs"],
        "measures": ["reps", "weight"],
        "description": "Hang from a bar with an overhand grip slightly wider than your shoulders and "
        "pull until your chin clears the bar. Lower yourself all the way back to a dead "
        "hang.",
    },
    {
        "slug": "chin-up",
        "name": "Chin-Up",
        "category": "strength",
        "equipment": "pull_up_bar",
        "primary": ["lats", "biceps"],
        "secondary": ["upper_back", "forearms"],
        "measures": ["reps", "weight"],
        "description": "Hang from a bar with an underhand grip about shoulder-width apart and pull your "
        "chest toward the bar until your chin passes it. Lower slowly to full arm "
        "extension.",
    },
    {
        "slug": "bar-muscle-up",
        "name": "Bar Muscle-Up",
        "category": "strength",
        "equipment": "pull_up_bar",
        "primary": ["lats", "chest", "triceps"],
        "secondary": ["biceps", "upper_back", "front_delts", "abs"],
        "measures": ["reps"],
        "description": "From a hang, pull explosively so your chest rises toward the bar, then turn your "
        "wrists over it and press up to a straight-arm support above the bar. Lower back "
        "down with control.",
    },
    {
        "slug": "dead-hang",
        "name": "Dead Hang",
        "category": "strength",
        "equipment": "pull_up_bar",
        "primary": ["forearms", "lats"],
        "secondary": ["upper_back"],
        "measures": ["duration"],
        "description": "Grip a pull-up bar with straight arms and hang with your feet off the floor, "
        "keeping your shoulders engaged rather than shrugged. Hold for the target time.",
    },
    {
        "slug": "parallel-bar-dip",
        "name": "Parallel Bar Dip",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["chest", "triceps"],
        "secondary": ["front_delts"],
        "measures": ["reps", "weight"],
        "description": "Support yourself on parallel bars with straight arms, lower your body by bending "
        "your elbows until your shoulders dip just below elbow level, then press back up. "
        "Lean forward slightly to emphasize the chest.",
    },
    {
        "slug": "bench-dip",
        "name": "Bench Dip",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["triceps"],
        "secondary": ["front_delts", "chest"],
        "measures": ["reps"],
        "description": "Place your hands on the edge of a bench behind you with your legs extended in "
        "front, then bend your elbows to lower your hips toward the floor. Press back up "
        "to straight arms.",
    },
    {
        "slug": "push-up",
        "name": "Push-Up",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["chest", "triceps"],
        "secondary": ["front_delts", "abs"],
        "measures": ["reps"],
        "description": "From a high plank with hands slightly wider than your shoulders, lower your "
        "chest to just above the floor while keeping your body in a straight line. Press "
        "back up to full arm extension.",
    },
    {
        "slug": "diamond-push-up",
        "name": "Diamond Push-Up",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["triceps", "chest"],
        "secondary": ["front_delts", "abs"],
        "measures": ["reps"],
        "description": "Set up in a push-up position with your hands together under your chest, thumbs "
        "and index fingers forming a diamond. Lower your chest to your hands and press "
        "back up, keeping your elbows close.",
    },
    {
        "slug": "pike-push-up",
        "name": "Pike Push-Up",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["front_delts", "triceps"],
        "secondary": ["chest", "traps"],
        "measures": ["reps"],
        "description": "Start in a downward-dog position with your hips high, then bend your elbows to "
        "lower the top of your head toward the floor between your hands. Press back up to "
        "the start.",
    },
    {
        "slug": "handstand-push-up",
        "name": "Handstand Push-Up",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["front_delts", "triceps"],
        "secondary": ["side_delts", "traps", "abs"],
        "measures": ["reps"],
        "description": "Kick up into a handstand against a wall, lower your head under control toward "
        "the floor, and press back up until your arms are straight.",
    },
    {
        "slug": "suspension-trainer-row",
        "name": "Suspension Trainer Row",
        "category": "strength",
        "equipment": "suspension",
        "primary": ["upper_back", "lats"],
        "secondary": ["biceps", "rear_delts", "abs"],
        "measures": ["reps"],
        "description": "Hold the handles and lean back with straight arms and a rigid body, feet planted "
        "in front of you. Pull your chest up to your hands, squeezing your shoulder "
        "blades, then lower slowly.",
    },
    {
        "slug": "bodyweight-squat",
        "name": "Bodyweight Squat",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["quadriceps", "glutes"],
        "secondary": ["hamstrings", "adductors"],
        "measures": ["reps"],
        "description": "Stand with your feet about shoulder-width apart, reach your arms forward, and "
        "sit your hips down until your thighs are at least parallel to the floor. Stand "
        "back up by pushing through your whole foot.",
    },
    {
        "slug": "forward-lunge",
        "name": "Forward Lunge",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["quadriceps", "glutes"],
        "secondary": ["hamstrings", "adductors"],
        "measures": ["reps"],
        "description": "Step forward with one foot and lower your back knee toward the floor until both "
        "knees are bent about 90 degrees. Push off the front foot to return to standing "
        "and alternate sides.",
    },
    {
        "slug": "glute-bridge",
        "name": "Glute Bridge",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["glutes"],
        "secondary": ["hamstrings"],
        "measures": ["reps"],
        "description": "Lie on your back with knees bent and feet flat, then press through your heels to "
        "lift your hips until your body forms a line from shoulders to knees. Squeeze "
        "your glutes at the top and lower slowly.",
    },
    {
        "slug": "nordic-hamstring-curl",
        "name": "Nordic Hamstring Curl",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["hamstrings"],
        "secondary": ["glutes", "calves"],
        "measures": ["reps"],
        "description": "Kneel with your ankles anchored and your body upright, then lean forward as "
        "slowly as possible by resisting with your hamstrings. Catch yourself with your "
        "hands and push back up to the start.",
    },
    {
        "slug": "pistol-squat",
        "name": "Pistol Squat",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["quadriceps", "glutes"],
        "secondary": ["adductors", "hamstrings", "abs", "calves"],
        "measures": ["reps"],
        "description": "Balance on one leg with the other held straight out in front, then squat all the "
        "way down on the standing leg. Drive back up without letting the raised foot "
        "touch the floor.",
    },
    {
        "slug": "wall-sit",
        "name": "Wall Sit",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["quadriceps"],
        "secondary": ["glutes", "adductors"],
        "measures": ["duration"],
        "description": "Lean your back against a wall and slide down until your knees and hips are bent "
        "about 90 degrees. Hold the position with your weight spread evenly through your "
        "feet.",
    },
    {
        "slug": "fire-hydrant",
        "name": "Fire Hydrant",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["glutes", "abductors"],
        "secondary": [],
        "measures": ["reps"],
        "description": "On hands and knees, keep one knee bent and lift that leg out to the side without "
        "shifting your hips or rotating your torso. Lower slowly and finish the set "
        "before switching sides.",
    },
    {
        "slug": "band-pull-apart",
        "name": "Band Pull-Apart",
        "category": "strength",
        "equipment": "band",
        "primary": ["rear_delts", "upper_back"],
        "secondary": ["traps"],
        "measures": ["reps"],
        "description": "Hold a resistance band at shoulder height with straight arms and pull it apart "
        "by moving your hands out to the sides until the band touches your chest. Return "
        "slowly.",
    },
    {
        "slug": "banded-lateral-walk",
        "name": "Banded Lateral Walk",
        "category": "strength",
        "equipment": "band",
        "primary": ["abductors", "glutes"],
        "secondary": [],
        "measures": ["reps"],
        "description": "With a mini band around your legs above the knees or at the ankles, sink into a "
        "half squat and step sideways while keeping tension on the band. Take the same "
        "number of steps in each direction.",
    },
    {
        "slug": "banded-clamshell",
        "name": "Banded Clamshell",
        "category": "strength",
        "equipment": "band",
        "primary": ["abductors"],
        "secondary": ["glutes"],
        "measures": ["reps"],
        "description": "Lie on your side with knees bent and a mini band just above your knees. Keeping "
        "your feet together, open your top knee as far as you can without rolling your "
        "hips back, then close slowly.",
    },
    {
        "slug": "plank",
        "name": "Plank",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["abs"],
        "secondary": ["obliques", "front_delts", "glutes"],
        "measures": ["duration"],
        "description": "Support yourself on your forearms and toes with elbows under your shoulders, "
        "keeping a straight line from head to heels. Brace your abs and squeeze your "
        "glutes for the whole hold.",
    },
    {
        "slug": "side-plank",
        "name": "Side Plank",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["obliques"],
        "secondary": ["abs", "abductors"],
        "measures": ["duration"],
        "description": "Lie on your side and prop yourself up on one forearm with the elbow under your "
        "shoulder, lifting your hips so your body forms a straight line. Hold without "
        "letting your hips sag, then switch sides.",
    },
    {
        "slug": "copenhagen-plank",
        "name": "Copenhagen Plank",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["adductors", "obliques"],
        "secondary": ["abs"],
        "measures": ["duration"],
        "description": "In a side plank, rest your top leg on a bench at the knee or ankle and lift your "
        "hips so your body is straight and supported by the top leg. Hold, then switch "
        "sides.",
    },
    {
        "slug": "hanging-leg-raise",
        "name": "Hanging Leg Raise",
        "category": "strength",
        "equipment": "pull_up_bar",
        "primary": ["abs", "hip_flexors"],
        "secondary": ["obliques", "forearms"],
        "measures": ["reps"],
        "description": "Hang from a bar with straight arms and lift your legs in front of you until they "
        "reach at least hip height, curling your pelvis up at the top. Lower slowly "
        "without swinging.",
    },
    {
        "slug": "hanging-knee-raise",
        "name": "Hanging Knee Raise",
        "category": "strength",
        "equipment": "pull_up_bar",
        "primary": ["abs", "hip_flexors"],
        "secondary": ["obliques", "forearms"],
        "measures": ["reps"],
        "description": "Hang from a bar and draw your knees up toward your chest while tilting your "
        "pelvis upward. Lower your legs slowly and avoid swinging between reps.",
    },
    {
        "slug": "ab-wheel-rollout",
        "name": "Ab Wheel Rollout",
        "category": "strength",
        "equipment": "other",
        "primary": ["abs"],
        "secondary": ["lats", "obliques", "hip_flexors"],
        "measures": ["reps"],
        "description": "Kneel holding an ab wheel under your shoulders and roll it forward, lengthening "
        "your body while keeping your lower back from sagging. Pull back to the start "
        "using your abs.",
    },
    {
        "slug": "dead-bug",
        "name": "Dead Bug",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["abs"],
        "secondary": ["hip_flexors", "obliques"],
        "measures": ["reps"],
        "description": "Lie on your back with arms pointing up and knees bent over your hips. Slowly "
        "extend one arm overhead and the opposite leg toward the floor while keeping your "
        "lower back flat, then switch sides.",
    },
    {
        "slug": "bird-dog",
        "name": "Bird Dog",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["lower_back", "abs"],
        "secondary": ["glutes"],
        "measures": ["reps"],
        "description": "On hands and knees, extend one arm forward and the opposite leg back until both "
        "are level with your torso, keeping your hips square. Return and alternate "
        "sides.",
    },
    {
        "slug": "russian-twist",
        "name": "Russian Twist",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["obliques"],
        "secondary": ["abs", "hip_flexors"],
        "measures": ["reps", "weight"],
        "description": "Sit with knees bent and torso leaned back at about 45 degrees, feet on or off "
        "the floor. Rotate your torso to bring your hands, or a weight, beside one hip "
        "and then the other.",
    },
    {
        "slug": "cable-crunch",
        "name": "Cable Crunch",
        "category": "strength",
        "equipment": "cable",
        "primary": ["abs"],
        "secondary": ["obliques"],
        "measures": ["reps", "weight"],
        "description": "Kneel facing a high pulley holding a rope beside your head, then curl your "
        "ribcage toward your hips by rounding your spine. Return slowly without letting "
        "your hips sit back onto your heels.",
    },
    {
        "slug": "pallof-press",
        "name": "Pallof Press",
        "category": "strength",
        "equipment": "cable",
        "primary": ["obliques", "abs"],
        "secondary": ["glutes"],
        "measures": ["reps", "weight"],
        "description": "Stand side-on to a cable set at chest height, hold the handle at your sternum, "
        "and press it straight out in front of you while resisting the pull to rotate. "
        "Bring it back to your chest and repeat.",
    },
    {
        "slug": "cable-woodchop",
        "name": "Cable Woodchop",
        "category": "strength",
        "equipment": "cable",
        "primary": ["obliques"],
        "secondary": ["abs", "front_delts", "glutes"],
        "measures": ["reps", "weight"],
        "description": "Stand side-on to a high pulley and pull the handle diagonally down across your "
        "body to the opposite hip, rotating through your torso and pivoting your back "
        "foot. Return slowly along the same path.",
    },
    {
        "slug": "hollow-body-hold",
        "name": "Hollow Body Hold",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["abs"],
        "secondary": ["hip_flexors", "quadriceps"],
        "measures": ["duration"],
        "description": "Lie on your back, press your lower back into the floor, and lift your shoulders "
        "and straight legs a few inches off the ground with your arms overhead. Hold the "
        "curved shape without arching.",
    },
    {
        "slug": "crunch",
        "name": "Crunch",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["abs"],
        "secondary": [],
        "measures": ["reps"],
        "description": "Lie on your back with knees bent and feet flat, then curl your head and "
        "shoulders off the floor by contracting your abs. Lower back down slowly without "
        "pulling on your neck.",
    },
    {
        "slug": "bicycle-crunch",
        "name": "Bicycle Crunch",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["abs", "obliques"],
        "secondary": ["hip_flexors"],
        "measures": ["reps"],
        "description": "Lying on your back with hands lightly behind your head, bring one knee in as you "
        "rotate the opposite elbow toward it while extending the other leg. Alternate "
        "sides in a steady pedaling motion.",
    },
    {
        "slug": "sit-up",
        "name": "Sit-Up",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["abs", "hip_flexors"],
        "secondary": [],
        "measures": ["reps"],
        "description": "Lie on your back with knees bent and feet flat or anchored, then curl your torso "
        "all the way up until your chest approaches your thighs. Lower yourself back down "
        "with control.",
    },
    {
        "slug": "v-up",
        "name": "V-Up",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["abs", "hip_flexors"],
        "secondary": [],
        "measures": ["reps"],
        "description": "Lie flat with your arms overhead and lift your straight legs and torso at the "
        "same time, reaching your hands toward your feet. Lower both ends back down under "
        "control.",
    },
    {
        "slug": "lying-leg-raise",
        "name": "Lying Leg Raise",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["abs", "hip_flexors"],
        "secondary": [],
        "measures": ["reps"],
        "description": "Lie on your back with legs straight and hands by your sides or under your hips. "
        "Raise your legs to vertical while keeping your lower back pressed down, then "
        "lower them slowly.",
    },
    {
        "slug": "l-sit",
        "name": "L-Sit",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["abs", "hip_flexors"],
        "secondary": ["triceps", "quadriceps"],
        "measures": ["duration"],
        "description": "Press yourself up on parallel bars, parallettes or the floor with straight arms "
        "and lift your straight legs until they are level with the floor. Hold the "
        "position with your shoulders pushed down.",
    },
    {
        "slug": "suitcase-carry",
        "name": "Suitcase Carry",
        "category": "strength",
        "equipment": "kettlebell",
        "primary": ["obliques", "forearms"],
        "secondary": ["abs", "traps", "abductors"],
        "measures": ["weight", "distance", "duration"],
        "description": "Hold a heavy kettlebell or dumbbell in one hand and walk tall without leaning "
        "toward or away from the weight. Switch hands for the next round.",
    },
    {
        "slug": "outdoor-run",
        "name": "Outdoor Run",
        "category": "cardio",
        "equipment": "bodyweight",
        "primary": ["cardiovascular"],
        "secondary": ["quadriceps", "hamstrings", "calves", "glutes"],
        "measures": ["duration", "distance"],
        "description": "Run at a steady, conversational pace or at the effort set for the session, "
        "landing with your feet under your hips. Keep your posture tall and your arms "
        "relaxed.",
    },
    {
        "slug": "treadmill-run",
        "name": "Treadmill Run",
        "category": "cardio",
        "equipment": "treadmill",
        "primary": ["cardiovascular"],
        "secondary": ["quadriceps", "hamstrings", "calves", "glutes"],
        "measures": ["duration", "distance"],
        "description": "Set the speed and incline for your session and run near the middle of the belt "
        "with a relaxed, upright posture. Avoid holding the handrails.",
    },
    {
        "slug": "trail-run",
        "name": "Trail Run",
        "category": "cardio",
        "equipment": "bodyweight",
        "primary": ["cardiovascular"],
        "secondary": ["quadriceps", "glutes", "calves", "abductors"],
        "measures": ["duration", "distance"],
        "description": "Run on dirt or mountain paths, shortening your stride on climbs and watching "
        "your footing on descents. Expect a slower pace than on the road for the same "
        "effort.",
    },
    {
        "slug": "incline-treadmill-walk",
        "name": "Incline Treadmill Walk",
        "category": "cardio",
        "equipment": "treadmill",
        "primary": ["cardiovascular"],
        "secondary": ["glutes", "calves", "hamstrings", "quadriceps"],
        "measures": ["duration", "distance"],
        "description": "Set the treadmill to a steep incline and walk at a brisk pace without holding "
        "the handrails. Keep your chest up and take full steps.",
    },
    {
        "slug": "walking",
        "name": "Walking",
        "category": "cardio",
        "equipment": "bodyweight",
        "primary": ["cardiovascular"],
        "secondary": ["glutes", "calves", "hamstrings"],
        "measures": ["duration", "distance"],
        "description": "Walk at a brisk pace with an upright posture and a natural arm swing. Aim for a "
        "speed at which you can still talk comfortably.",
    },
    {
        "slug": "hiking",
        "name": "Hiking",
        "category": "cardio",
        "equipment": "bodyweight",
        "primary": ["cardiovascular"],
        "secondary": ["glutes", "quadriceps", "calves", "hamstrings"],
        "measures": ["duration", "distance"],
        "description": "Walk on trails or hilly terrain, using shorter steps on steep sections and "
        "trekking poles if needed. Pace yourself so you can sustain the effort for the "
        "whole route.",
    },
    {
        "slug": "rucking",
        "name": "Rucking",
        "category": "cardio",
        "equipment": "other",
        "primary": ["cardiovascular"],
        "secondary": ["traps", "quadriceps", "glutes", "calves"],
        "measures": ["weight", "distance", "duration"],
        "description": "Walk briskly while wearing a weighted backpack, keeping the load high and snug "
        "against your back. Stand tall and avoid leaning forward excessively.",
    },
    {
        "slug": "sprint-intervals",
        "name": "Sprint Intervals",
        "category": "cardio",
        "equipment": "bodyweight",
        "primary": ["cardiovascular", "hamstrings", "glutes"],
        "secondary": ["quadriceps", "calves", "hip_flexors"],
        "measures": ["duration", "distance"],
        "description": "Alternate short, near-maximal sprints with easy walking or jogging recovery "
        "periods. Warm up thoroughly before the first hard effort.",
    },
    {
        "slug": "outdoor-cycling",
        "name": "Outdoor Cycling",
        "category": "cardio",
        "equipment": "bike",
        "primary": ["cardiovascular", "quadriceps"],
        "secondary": ["glutes", "hamstrings", "calves"],
        "measures": ["duration", "distance"],
        "description": "Ride a road, gravel or mountain bike outdoors at a steady or varied effort, "
        "keeping a smooth pedal stroke. Shift gears to hold a consistent cadence on "
        "hills.",
    },
    {
        "slug": "stationary-bike",
        "name": "Stationary Bike",
        "category": "cardio",
        "equipment": "bike",
        "primary": ["cardiovascular", "quadriceps"],
        "secondary": ["glutes", "hamstrings", "calves"],
        "measures": ["duration", "distance"],
        "description": "Adjust the seat so your knee stays slightly bent at the bottom of each pedal "
        "stroke, then ride at your chosen resistance and cadence.",
    },
    {
        "slug": "spin-class",
        "name": "Spin Class",
        "category": "cardio",
        "equipment": "bike",
        "primary": ["cardiovascular", "quadriceps"],
        "secondary": ["glutes", "hamstrings", "calves"],
        "measures": ["duration"],
        "description": "Follow an instructor-led indoor cycling session that mixes seated and standing "
        "climbs, sprints and recovery segments. Adjust the resistance to match each cue.",
    },
    {
        "slug": "recumbent-bike",
        "name": "Recumbent Bike",
        "category": "cardio",
        "equipment": "bike",
        "primary": ["cardiovascular", "quadriceps"],
        "secondary": ["glutes", "hamstrings"],
        "measures": ["duration", "distance"],
        "description": "Sit back in the reclined seat with your feet on the pedals in front of you and "
        "pedal at a steady pace. The back support makes it a joint-friendly option.",
    },
    {
        "slug": "air-bike",
        "name": "Air Bike",
        "category": "cardio",
        "equipment": "bike",
        "primary": ["cardiovascular", "quadriceps"],
        "secondary": ["glutes", "hamstrings", "front_delts", "lats"],
        "measures": ["duration", "distance"],
        "description": "Pedal a fan bike while pushing and pulling the moving handles, working your arms "
        "and legs together. The resistance rises the harder you go, which suits short, "
        "intense intervals.",
    },
    {
        "slug": "rowing-machine",
        "name": "Rowing Machine",
        "category": "cardio",
        "equipment": "rower",
        "primary": ["cardiovascular", "quadriceps", "upper_back"],
        "secondary": ["lats", "glutes", "hamstrings", "biceps"],
        "measures": ["duration", "distance"],
        "description": "Push with your legs first, then lean back slightly and pull the handle to your "
        "lower ribs. Return in reverse order: arms, body, then knees.",
    },
    {
        "slug": "ski-erg",
        "name": "Ski Erg",
        "category": "cardio",
        "equipment": "machine",
        "primary": ["cardiovascular", "lats"],
        "secondary": ["triceps", "abs", "glutes"],
        "measures": ["duration", "distance"],
        "description": "Stand facing the machine and pull both handles down from overhead in a powerful "
        "motion, hinging at your hips and bending your knees slightly. Let the handles "
        "rise as you stand tall again.",
    },
    {
        "slug": "elliptical-trainer",
        "name": "Elliptical Trainer",
        "category": "cardio",
        "equipment": "elliptical",
        "primary": ["cardiovascular"],
        "secondary": ["quadriceps", "glutes", "hamstrings"],
        "measures": ["duration", "distance"],
        "description": "Stand on the pedals and move your legs in a smooth oval path while pushing and "
        "pulling the moving handles. Keep an upright posture and set the resistance for "
        "your target effort.",
    },
    {
        "slug": "stair-climber",
        "name": "Stair Climber",
        "category": "cardio",
        "equipment": "machine",
        "primary": ["cardiovascular", "glutes"],
        "secondary": ["quadriceps", "calves", "hamstrings"],
        "measures": ["duration"],
        "description": "Step continuously on the rotating stairs at a steady pace, placing your whole "
        "foot on each step. Stand tall and rest your hands only lightly on the rails for "
        "balance.",
    },
    {
        "slug": "swimming-freestyle",
        "name": "Swimming (Freestyle)",
        "category": "cardio",
        "equipment": "other",
        "primary": ["cardiovascular", "lats"],
        "secondary": ["front_delts", "triceps", "abs"],
        "measures": ["duration", "distance"],
        "description": "Swim front crawl with alternating overhead arm strokes and a steady flutter "
        "kick, rotating your body to breathe to the side. Keep your head low and your "
        "body long in the water.",
    },
    {
        "slug": "swimming-breaststroke",
        "name": "Swimming (Breaststroke)",
        "category": "cardio",
        "equipment": "other",
        "primary": ["cardiovascular", "chest"],
        "secondary": ["lats", "adductors", "quadriceps", "glutes"],
        "measures": ["duration", "distance"],
        "description": "Sweep your arms out and back together in front of your chest while performing a "
        "frog-style whip kick, then glide. Breathe as your head rises during the arm "
        "pull.",
    },
    {
        "slug": "swimming-backstroke",
        "name": "Swimming (Backstroke)",
        "category": "cardio",
        "equipment": "other",
        "primary": ["cardiovascular", "lats"],
        "secondary": ["rear_delts", "triceps", "hip_flexors", "abs"],
        "measures": ["duration", "distance"],
        "description": "Float on your back and swim with alternating overhead arm strokes and a steady "
        "flutter kick. Keep your hips high and your head still.",
    },
    {
        "slug": "jump-rope",
        "name": "Jump Rope",
        "category": "cardio",
        "equipment": "jump_rope",
        "primary": ["cardiovascular", "calves"],
        "secondary": ["quadriceps", "forearms"],
        "measures": ["duration", "reps"],
        "description": "Turn the rope with your wrists and hop just high enough to clear it, landing "
        "softly on the balls of your feet. Keep your elbows close to your sides.",
    },
    {
        "slug": "double-unders",
        "name": "Double-Unders",
        "category": "cardio",
        "equipment": "jump_rope",
        "primary": ["cardiovascular", "calves"],
        "secondary": ["quadriceps", "forearms"],
        "measures": ["duration", "reps"],
        "description": "Jump a little higher than a normal skip and spin the rope quickly with your "
        "wrists so it passes under your feet twice per jump. Stay tall and land softly.",
    },
    {
        "slug": "battle-ropes",
        "name": "Battle Ropes",
        "category": "cardio",
        "equipment": "other",
        "primary": ["cardiovascular", "front_delts"],
        "secondary": ["forearms", "abs", "biceps"],
        "measures": ["duration"],
        "description": "Hold one end of a heavy anchored rope in each hand, sit into a half squat, and "
        "whip the ropes in fast alternating or simultaneous waves. Keep the waves going "
        "for the set interval.",
    },
    {
        "slug": "sled-push",
        "name": "Sled Push",
        "category": "cardio",
        "equipment": "other",
        "primary": ["quadriceps", "glutes", "cardiovascular"],
        "secondary": ["calves", "hamstrings", "front_delts", "triceps"],
        "measures": ["weight", "distance"],
        "description": "Grip the upright handles of a loaded sled with your body leaning forward at a "
        "steep angle, then drive it forward with short, powerful steps. Keep your back "
        "flat and your arms firm.",
    },
    {
        "slug": "burpee",
        "name": "Burpee",
        "category": "cardio",
        "equipment": "bodyweight",
        "primary": ["cardiovascular", "chest", "quadriceps"],
        "secondary": ["triceps", "glutes", "front_delts", "abs"],
        "measures": ["reps"],
        "description": "From standing, squat and place your hands down, jump your feet back to a plank, "
        "and lower your chest to the floor. Push up, jump your feet back to your hands, "
        "and leap up with your arms overhead.",
    },
    {
        "slug": "jumping-jacks",
        "name": "Jumping Jacks",
        "category": "cardio",
        "equipment": "bodyweight",
        "primary": ["cardiovascular"],
        "secondary": ["calves", "abductors", "adductors", "side_delts"],
        "measures": ["reps", "duration"],
        "description": "Jump your feet out wide while raising your arms overhead, then jump back to the "
        "start with your arms at your sides. Keep a light, steady rhythm on the balls of "
        "your feet.",
    },
    {
        "slug": "mountain-climbers",
        "name": "Mountain Climbers",
        "category": "cardio",
        "equipment": "bodyweight",
        "primary": ["cardiovascular", "abs", "hip_flexors"],
        "secondary": ["front_delts", "quadriceps", "obliques"],
        "measures": ["reps", "duration"],
        "description": "From a high plank, drive one knee toward your chest, then switch legs quickly as "
        "if running in place. Keep your hips low and your shoulders over your hands.",
    },
    {
        "slug": "high-knees",
        "name": "High Knees",
        "category": "cardio",
        "equipment": "bodyweight",
        "primary": ["cardiovascular", "hip_flexors"],
        "secondary": ["quadriceps", "calves", "abs"],
        "measures": ["duration", "reps"],
        "description": "Run in place while driving your knees up to hip height and pumping your arms. "
        "Stay on the balls of your feet and keep a quick rhythm.",
    },
    {
        "slug": "shadowboxing",
        "name": "Shadowboxing",
        "category": "cardio",
        "equipment": "bodyweight",
        "primary": ["cardiovascular", "front_delts"],
        "secondary": ["obliques", "triceps", "calves"],
        "measures": ["duration"],
        "description": "Throw combinations of punches into the air while moving your feet and staying in "
        "a guarded stance. Rotate through your hips on each strike and keep your hands up "
        "between combinations.",
    },
    {
        "slug": "cross-country-skiing",
        "name": "Cross-Country Skiing",
        "category": "cardio",
        "equipment": "other",
        "primary": ["cardiovascular", "quadriceps", "lats"],
        "secondary": ["glutes", "triceps", "abs"],
        "measures": ["duration", "distance"],
        "description": "Glide across snow on skis, pushing off with alternating legs and planting your "
        "poles to drive yourself forward. Find a rhythm that coordinates your arms and "
        "legs.",
    },
    {
        "slug": "box-jump",
        "name": "Box Jump",
        "category": "plyometric",
        "equipment": "other",
        "primary": ["quadriceps", "glutes"],
        "secondary": ["calves", "hamstrings"],
        "measures": ["reps"],
        "description": "Stand facing a sturdy box, swing your arms back as you dip, then jump up and "
        "land softly on top in a partial squat. Stand up fully and step back down.",
    },
    {
        "slug": "broad-jump",
        "name": "Broad Jump",
        "category": "plyometric",
        "equipment": "bodyweight",
        "primary": ["glutes", "quadriceps"],
        "secondary": ["hamstrings", "calves"],
        "measures": ["reps", "distance"],
        "description": "From a standing position, swing your arms and jump forward as far as possible, "
        "landing on both feet with bent knees. Stick the landing before resetting.",
    },
    {
        "slug": "depth-jump",
        "name": "Depth Jump",
        "category": "plyometric",
        "equipment": "other",
        "primary": ["quadriceps", "calves", "glutes"],
        "secondary": ["hamstrings"],
        "measures": ["reps"],
        "description": "Step off a low box and, as soon as you land, spring straight up as high as you "
        "can with minimal ground contact time. Land softly and reset between reps.",
    },
    {
        "slug": "jump-squat",
        "name": "Jump Squat",
        "category": "plyometric",
        "equipment": "bodyweight",
        "primary": ["quadriceps", "glutes"],
        "secondary": ["calves", "hamstrings"],
        "measures": ["reps"],
        "description": "Squat down to about parallel, then explode upward into a jump. Land softly with "
        "bent knees and flow straight into the next rep.",
    },
    {
        "slug": "tuck-jump",
        "name": "Tuck Jump",
        "category": "plyometric",
        "equipment": "bodyweight",
        "primary": ["quadriceps", "glutes", "hip_flexors"],
        "secondary": ["calves", "abs"],
        "measures": ["reps"],
        "description": "Jump straight up and pull your knees toward your chest at the top of the jump. "
        "Extend your legs to land softly and rebound into the next jump.",
    },
    {
        "slug": "split-jump",
        "name": "Split Jump",
        "category": "plyometric",
        "equipment": "bodyweight",
        "primary": ["quadriceps", "glutes"],
        "secondary": ["hamstrings", "calves", "adductors"],
        "measures": ["reps"],
        "description": "From a lunge position, jump up explosively and switch your legs in the air, "
        "landing in a lunge with the opposite foot forward. Keep your torso upright "
        "throughout.",
    },
    {
        "slug": "lateral-bound",
        "name": "Lateral Bound",
        "category": "plyometric",
        "equipment": "bodyweight",
        "primary": ["glutes", "abductors", "quadriceps"],
        "secondary": ["adductors", "calves"],
        "measures": ["reps"],
        "description": "Balance on one leg, then push off sideways to leap as far as you can, landing on "
        "the opposite leg and holding the landing for a moment. Bound back the other "
        "way.",
    },
    {
        "slug": "skater-jumps",
        "name": "Skater Jumps",
        "category": "plyometric",
        "equipment": "bodyweight",
        "primary": ["glutes", "quadriceps", "abductors"],
        "secondary": ["adductors", "calves"],
        "measures": ["reps"],
        "description": "Leap side to side from one foot to the other in a continuous rhythm, sweeping "
        "your trailing leg behind you and swinging your arms across your body like a "
        "speed skater.",
    },
    {
        "slug": "pogo-jumps",
        "name": "Pogo Jumps",
        "category": "plyometric",
        "equipment": "bodyweight",
        "primary": ["calves"],
        "secondary": ["quadriceps"],
        "measures": ["reps"],
        "description": "With nearly straight knees, bounce quickly up and down on the balls of your "
        "feet, keeping ground contact as short as possible. Stay tall and let your ankles "
        "do the work.",
    },
    {
        "slug": "hurdle-hops",
        "name": "Hurdle Hops",
        "category": "plyometric",
        "equipment": "other",
        "primary": ["quadriceps", "calves", "glutes"],
        "secondary": ["hamstrings", "hip_flexors"],
        "measures": ["reps"],
        "description": "Jump over a row of low hurdles with both feet, tucking your knees to clear each "
        "one and rebounding quickly off the ground between hurdles.",
    },
    {
        "slug": "single-leg-hop",
        "name": "Single-Leg Hop",
        "category": "plyometric",
        "equipment": "bodyweight",
        "primary": ["quadriceps", "glutes", "calves"],
        "secondary": ["hamstrings", "abductors"],
        "measures": ["reps", "distance"],
        "description": "Stand on one leg and hop forward, landing on the same leg with a bent knee and "
        "controlled balance. Stick each landing or chain hops together, then switch "
        "legs.",
    },
    {
        "slug": "clap-push-up",
        "name": "Clap Push-Up",
        "category": "plyometric",
        "equipment": "bodyweight",
        "primary": ["chest", "triceps"],
        "secondary": ["front_delts", "abs"],
        "measures": ["reps"],
        "description": "Lower into a push-up, then push off the floor explosively so your hands leave "
        "the ground long enough to clap. Land with soft elbows and go straight into the "
        "next rep.",
    },
    {
        "slug": "medicine-ball-slam",
        "name": "Medicine Ball Slam",
        "category": "plyometric",
        "equipment": "medicine_ball",
        "primary": ["lats", "abs"],
        "secondary": ["front_delts", "triceps", "glutes"],
        "measures": ["reps", "weight"],
        "description": "Lift a slam ball overhead while rising onto your toes, then throw it hard into "
        "the floor in front of you by pulling your arms down and crunching your torso. "
        "Pick it up and repeat.",
    },
    {
        "slug": "medicine-ball-chest-pass",
        "name": "Medicine Ball Chest Pass",
        "category": "plyometric",
        "equipment": "medicine_ball",
        "primary": ["chest", "triceps"],
        "secondary": ["front_delts"],
        "measures": ["reps", "weight"],
        "description": "Hold a medicine ball at your chest and push it explosively to a partner or "
        "against a wall, fully extending your arms. Catch it and reset for the next "
        "throw.",
    },
    {
        "slug": "medicine-ball-rotational-throw",
        "name": "Medicine Ball Rotational Throw",
        "category": "plyometric",
        "equipment": "medicine_ball",
        "primary": ["obliques"],
        "secondary": ["abs", "glutes", "front_delts"],
        "measures": ["reps", "weight"],
        "description": "Stand side-on to a wall holding a medicine ball at hip height, rotate away to "
        "load, then turn hard through your hips and torso to throw it into the wall. "
        "Catch and repeat, then switch sides.",
    },
    {
        "slug": "wall-ball-shot",
        "name": "Wall Ball Shot",
        "category": "plyometric",
        "equipment": "medicine_ball",
        "primary": ["quadriceps", "glutes", "front_delts"],
        "secondary": ["triceps", "cardiovascular"],
        "measures": ["reps", "weight"],
        "description": "Hold a medicine ball at your chest, squat below parallel, and drive up to throw "
        "it at a target high on the wall. Catch it as it comes down and flow into the "
        "next squat.",
    },
    {
        "slug": "trap-bar-jump",
        "name": "Trap Bar Jump",
        "category": "plyometric",
        "equipment": "trap_bar",
        "primary": ["quadriceps", "glutes"],
        "secondary": ["calves", "hamstrings", "traps"],
        "measures": ["reps", "weight"],
        "description": "Holding a lightly loaded hex bar at your sides, dip into a quarter squat and "
        "jump as high as possible. Land softly with bent knees and reset before each "
        "rep.",
    },
    {
        "slug": "worlds-greatest-stretch",
        "name": "World's Greatest Stretch",
        "category": "mobility",
        "equipment": "bodyweight",
        "primary": ["hip_flexors", "hamstrings", "upper_back"],
        "secondary": ["glutes", "adductors"],
        "measures": ["reps"],
        "description": "Step into a deep lunge with both hands inside your front foot, drop your inside "
        "elbow toward the instep, then rotate and reach that arm toward the ceiling. "
        "Straighten the front leg to finish before switching sides.",
    },
    {
        "slug": "hip-90-90-switch",
        "name": "90/90 Hip Switch",
        "category": "mobility",
        "equipment": "bodyweight",
        "primary": ["glutes", "abductors"],
        "secondary": ["adductors", "hip_flexors"],
        "measures": ["reps"],
        "description": "Sit with both knees bent at 90 degrees, one leg in front of you and one out to "
        "the side. Rotate both knees over to the other side without using your hands, "
        "keeping your chest tall.",
    },
    {
        "slug": "cat-cow",
        "name": "Cat-Cow",
        "category": "mobility",
        "equipment": "bodyweight",
        "primary": ["lower_back", "upper_back"],
        "secondary": ["abs", "neck"],
        "measures": ["reps"],
        "description": "On hands and knees, slowly round your spine up toward the ceiling while tucking "
        "your chin, then let your belly drop as you lift your chest and tailbone. Move "
        "smoothly with your breath.",
    },
    {
        "slug": "thoracic-rotation",
        "name": "Side-Lying Thoracic Rotation",
        "category": "mobility",
        "equipment": "bodyweight",
        "primary": ["upper_back"],
        "secondary": ["obliques", "chest"],
        "measures": ["reps"],
        "description": "Lie on your side with knees bent and stacked and arms reaching forward. Sweep "
        "your top arm up and over to the other side, rotating through your upper back "
        "while keeping your knees together.",
    },
    {
        "slug": "thread-the-needle",
        "name": "Thread the Needle",
        "category": "mobility",
        "equipment": "bodyweight",
        "primary": ["upper_back", "rear_delts"],
        "secondary": ["obliques"],
        "measures": ["reps"],
        "description": "From hands and knees, slide one arm under your body along the floor, letting "
        "that shoulder and your head lower as you rotate. Reverse and reach the same arm "
        "up toward the ceiling.",
    },
    {
        "slug": "band-shoulder-dislocate",
        "name": "Band Shoulder Dislocate",
        "category": "mobility",
        "equipment": "band",
        "primary": ["front_delts", "chest"],
        "secondary": ["rear_delts", "upper_back"],
        "measures": ["reps"],
        "description": "Hold a band with a wide grip and straight arms in front of your hips, then raise "
        "it over your head and behind your back in one smooth arc. Bring it back the same "
        "way, widening your grip if needed.",
    },
    {
        "slug": "knee-to-wall-ankle-mobilization",
        "name": "Knee-to-Wall Ankle Mobilization",
        "category": "mobility",
        "equipment": "bodyweight",
        "primary": ["calves"],
        "secondary": [],
        "measures": ["reps"],
        "description": "In a split stance facing a wall, drive your front knee forward over your toes "
        "toward the wall while keeping that heel down. Move the foot farther back as your "
        "ankle mobility improves.",
    },
    {
        "slug": "deep-squat-hold",
        "name": "Deep Squat Hold",
        "category": "mobility",
        "equipment": "bodyweight",
        "primary": ["adductors", "glutes", "calves"],
        "secondary": ["lower_back", "quadriceps"],
        "measures": ["duration"],
        "description": "Sink into the bottom of a full squat with your heels down and chest up, using "
        "your elbows to gently press your knees out. Breathe and hold the position.",
    },
    {
        "slug": "cossack-squat",
        "name": "Cossack Squat",
        "category": "mobility",
        "equipment": "bodyweight",
        "primary": ["adductors", "quadriceps", "glutes"],
        "secondary": ["hamstrings"],
        "measures": ["reps"],
        "description": "From a wide stance, shift your weight onto one leg and squat down on that side "
        "while the other leg stays straight with its toes pointing up. Push back up and "
        "alternate sides.",
    },
    {
        "slug": "leg-swings",
        "name": "Leg Swings",
        "category": "mobility",
        "equipment": "bodyweight",
        "primary": ["hip_flexors", "hamstrings"],
        "secondary": ["adductors", "abductors", "glutes"],
        "measures": ["reps"],
        "description": "Hold onto a wall or rail and swing one leg forward and back through a gradually "
        "increasing range, then side to side across your body. Keep your torso tall.",
    },
    {
        "slug": "arm-circles",
        "name": "Arm Circles",
        "category": "mobility",
        "equipment": "bodyweight",
        "primary": ["front_delts", "side_delts", "rear_delts"],
        "secondary": ["traps"],
        "measures": ["reps"],
        "description": "Stand with your arms straight out to the sides and trace circles, starting small "
        "and gradually making them larger. Reverse the direction halfway through.",
    },
    {
        "slug": "wall-slide",
        "name": "Wall Slide",
        "category": "mobility",
        "equipment": "bodyweight",
        "primary": ["traps", "upper_back"],
        "secondary": ["side_delts"],
        "measures": ["reps"],
        "description": "Stand with your back and forearms against a wall, elbows bent at 90 degrees. "
        "Slide your arms up the wall as far as you can while keeping contact, then pull "
        "them back down.",
    },
    {
        "slug": "inchworm",
        "name": "Inchworm",
        "category": "mobility",
        "equipment": "bodyweight",
        "primary": ["hamstrings", "abs"],
        "secondary": ["front_delts", "chest", "calves"],
        "measures": ["reps"],
        "description": "Stand tall, fold forward to place your hands on the floor, and walk them out to "
        "a high plank. Walk your feet in toward your hands with straight legs and stand "
        "up.",
    },
    {
        "slug": "wrist-mobility-drill",
        "name": "Wrist Mobility Drill",
        "category": "mobility",
        "equipment": "bodyweight",
        "primary": ["forearms"],
        "secondary": [],
        "measures": ["reps"],
        "description": "On hands and knees, gently rock forward and back over your palms, then turn your "
        "hands so your fingers point toward you and rock again. Finish with slow wrist "
        "circles in both directions.",
    },
    {
        "slug": "chin-tuck",
        "name": "Chin Tuck",
        "category": "mobility",
        "equipment": "bodyweight",
        "primary": ["neck"],
        "secondary": [],
        "measures": ["reps"],
        "description": "Sitting or standing tall, draw your chin straight back to make a double chin "
        "without tilting your head down. Hold briefly and release.",
    },
    {
        "slug": "foam-roll-quads",
        "name": "Foam Roll Quads",
        "category": "mobility",
        "equipment": "other",
        "primary": ["quadriceps"],
        "secondary": ["hip_flexors"],
        "measures": ["duration"],
        "description": "Lie face down with a foam roller under your thighs and slowly roll from just "
        "above your knees to your hips. Pause on tender spots and breathe.",
    },
    {
        "slug": "foam-roll-upper-back",
        "name": "Foam Roll Upper Back",
        "category": "mobility",
        "equipment": "other",
        "primary": ["upper_back"],
        "secondary": ["traps", "lats"],
        "measures": ["duration"],
        "description": "Lie on your back with a foam roller under your shoulder blades, hands supporting "
        "your head, and lift your hips slightly. Roll slowly between your mid and upper "
        "back, avoiding the lower back.",
    },
    {
        "slug": "foam-roll-calves",
        "name": "Foam Roll Calves",
        "category": "mobility",
        "equipment": "other",
        "primary": ["calves"],
        "secondary": [],
        "measures": ["duration"],
        "description": "Sit with a foam roller under your calves and your hands on the floor behind you, "
        "lift your hips, and roll slowly from ankle to knee. Cross one leg over the other "
        "for more pressure.",
    },
    {
        "slug": "couch-stretch",
        "name": "Couch Stretch",
        "category": "stretching",
        "equipment": "bodyweight",
        "primary": ["hip_flexors", "quadriceps"],
        "secondary": [],
        "measures": ["duration"],
        "description": "Kneel with one shin up against a wall or couch behind you and step the other "
        "foot forward into a lunge. Squeeze the glute of the back leg and lift your torso "
        "upright to deepen the stretch.",
    },
    {
        "slug": "pigeon-stretch",
        "name": "Pigeon Stretch",
        "category": "stretching",
        "equipment": "bodyweight",
        "primary": ["glutes"],
        "secondary": ["hip_flexors", "abductors"],
        "measures": ["duration"],
        "description": "From all fours, bring one knee forward behind your wrist with that shin angled "
        "across your body and slide the other leg straight back. Lower your hips and fold "
        "forward over the front leg.",
    },
    {
        "slug": "standing-hamstring-stretch",
        "name": "Standing Hamstring Stretch",
        "category": "stretching",
        "equipment": "bodyweight",
        "primary": ["hamstrings"],
        "secondary": ["calves", "lower_back"],
        "measures": ["duration"],
        "description": "Place one heel on a low step or bench with that leg straight and hinge forward "
        "from the hips, keeping your back flat until you feel the stretch behind your "
        "thigh. Switch legs.",
    },
    {
        "slug": "seated-forward-fold",
        "name": "Seated Forward Fold",
        "category": "stretching",
        "equipment": "bodyweight",
        "primary": ["hamstrings", "lower_back"],
        "secondary": ["calves"],
        "measures": ["duration"],
        "description": "Sit with your legs straight in front of you and hinge forward from the hips, "
        "reaching toward your shins, ankles or toes. Let your spine relax and breathe "
        "into the stretch.",
    },
    {
        "slug": "wall-calf-stretch",
        "name": "Wall Calf Stretch",
        "category": "stretching",
        "equipment": "bodyweight",
        "primary": ["calves"],
        "secondary": [],
        "measures": ["duration"],
        "description": "Place your hands on a wall and step one foot back, keeping that leg straight and "
        "the heel pressed down. Lean toward the wall until you feel a stretch in the back "
        "calf, then bend the knee slightly to reach the lower calf.",
    },
    {
        "slug": "doorway-chest-stretch",
        "name": "Doorway Chest Stretch",
        "category": "stretching",
        "equipment": "bodyweight",
        "primary": ["chest", "front_delts"],
        "secondary": [],
        "measures": ["duration"],
        "description": "Place your forearm against a door frame with the elbow at shoulder height, then "
        "step through the doorway until you feel a stretch across your chest and front "
        "shoulder. Switch sides.",
    },
    {
        "slug": "childs-pose",
        "name": "Child's Pose",
        "category": "stretching",
        "equipment": "bodyweight",
        "primary": ["lower_back", "lats"],
        "secondary": ["upper_back", "glutes"],
        "measures": ["duration"],
        "description": "Kneel with your big toes together and knees apart, then sit back toward your "
        "heels and reach your arms forward along the floor. Rest your forehead down and "
        "breathe deeply.",
    },
    {
        "slug": "downward-dog",
        "name": "Downward Dog",
        "category": "stretching",
        "equipment": "bodyweight",
        "primary": ["hamstrings", "calves"],
        "secondary": ["lats", "upper_back"],
        "measures": ["duration"],
        "description": "From all fours, lift your hips up and back to form an inverted V, pressing your "
        "hands into the floor and reaching your heels toward the ground. Keep your spine "
        "long.",
    },
    {
        "slug": "cobra-stretch",
        "name": "Cobra Stretch",
        "category": "stretching",
        "equipment": "bodyweight",
        "primary": ["abs"],
        "secondary": ["hip_flexors", "chest"],
        "measures": ["duration"],
        "description": "Lie face down with your hands under your shoulders and gently press your chest "
        "up, keeping your hips on the floor. Relax your glutes and stop where your lower "
        "back feels comfortable.",
    },
    {
        "slug": "butterfly-stretch",
        "name": "Butterfly Stretch",
        "category": "stretching",
        "equipment": "bodyweight",
        "primary": ["adductors"],
        "secondary": [],
        "measures": ["duration"],
        "description": "Sit with the soles of your feet together and your knees falling out to the "
        "sides, holding your ankles. Sit tall and hinge slightly forward to deepen the "
        "stretch in your inner thighs.",
    },
    {
        "slug": "frog-stretch",
        "name": "Frog Stretch",
        "category": "stretching",
        "equipment": "bodyweight",
        "primary": ["adductors"],
        "secondary": [],
        "measures": ["duration"],
        "description": "On your forearms and knees, slide your knees wide apart with your shins parallel "
        "and feet turned out. Slowly rock your hips back until you feel a strong "
        "inner-thigh stretch.",
    },
    {
        "slug": "standing-quad-stretch",
        "name": "Standing Quad Stretch",
        "category": "stretching",
        "equipment": "bodyweight",
        "primary": ["quadriceps"],
        "secondary": ["hip_flexors"],
        "measures": ["duration"],
        "description": "Stand on one leg and hold the other ankle behind you, pulling your heel toward "
        "your glutes with your knees together. Tuck your pelvis slightly to increase the "
        "stretch.",
    },
    {
        "slug": "kneeling-hip-flexor-stretch",
        "name": "Kneeling Hip Flexor Stretch",
        "category": "stretching",
        "equipment": "bodyweight",
        "primary": ["hip_flexors"],
        "secondary": ["quadriceps"],
        "measures": ["duration"],
        "description": "Kneel on one knee with the other foot forward, tuck your pelvis, and squeeze the "
        "back glute as you shift your hips slightly forward. Hold, then switch sides.",
    },
    {
        "slug": "cross-body-shoulder-stretch",
        "name": "Cross-Body Shoulder Stretch",
        "category": "stretching",
        "equipment": "bodyweight",
        "primary": ["rear_delts"],
        "secondary": ["upper_back"],
        "measures": ["duration"],
        "description": "Bring one straight arm across your chest and use the other hand to gently pull "
        "it closer at the elbow. Keep the shoulder down and away from your ear.",
    },
    {
        "slug": "overhead-triceps-stretch",
        "name": "Overhead Triceps Stretch",
        "category": "stretching",
        "equipment": "bodyweight",
        "primary": ["triceps"],
        "secondary": ["lats"],
        "measures": ["duration"],
        "description": "Raise one arm overhead and bend the elbow so your hand drops behind your neck, "
        "then use your other hand to gently press the elbow back. Switch arms after the "
        "hold.",
    },
    {
        "slug": "neck-side-stretch",
        "name": "Neck Side Stretch",
        "category": "stretching",
        "equipment": "bodyweight",
        "primary": ["neck", "traps"],
        "secondary": [],
        "measures": ["duration"],
        "description": "Sit or stand tall and tilt your ear toward one shoulder, letting the opposite "
        "shoulder relax downward. Add light pressure with your hand if needed, then "
        "switch sides.",
    },
    {
        "slug": "figure-four-stretch",
        "name": "Supine Figure-Four Stretch",
        "category": "stretching",
        "equipment": "bodyweight",
        "primary": ["glutes"],
        "secondary": ["abductors", "lower_back"],
        "measures": ["duration"],
        "description": "Lie on your back, cross one ankle over the opposite knee, and pull the bottom "
        "thigh toward your chest. Hold and switch legs.",
    },
    {
        "slug": "supine-spinal-twist",
        "name": "Supine Spinal Twist",
        "category": "stretching",
        "equipment": "bodyweight",
        "primary": ["obliques", "lower_back"],
        "secondary": ["glutes", "chest"],
        "measures": ["duration"],
        "description": "Lie on your back, bring one knee across your body toward the floor, and stretch "
        "the opposite arm out to the side. Keep both shoulders down and look away from "
        "your knee.",
    },
    {
        "slug": "standing-side-bend-stretch",
        "name": "Standing Side Bend Stretch",
        "category": "stretching",
        "equipment": "bodyweight",
        "primary": ["obliques", "lats"],
        "secondary": [],
        "measures": ["duration"],
        "description": "Stand tall, reach one arm overhead, and lean sideways away from that arm until "
        "you feel a stretch along your side. Keep your hips level and switch sides.",
    },
    {
        "slug": "wrist-flexor-stretch",
        "name": "Wrist Flexor Stretch",
        "category": "stretching",
        "equipment": "bodyweight",
        "primary": ["forearms"],
        "secondary": [],
        "measures": ["duration"],
        "description": "Extend one arm in front of you with your palm facing up and gently pull your "
        "fingers back toward you with the other hand. Hold, then switch arms.",
    },
    {
        "slug": "yoga-flow",
        "name": "Yoga Flow",
        "category": "mobility",
        "equipment": "bodyweight",
        "primary": ["hamstrings", "hip_flexors", "upper_back"],
        "secondary": ["front_delts", "triceps", "abs", "calves"],
        "measures": ["duration"],
        "description": "Move through a continuous sequence of poses, such as sun salutations, linking "
        "each movement to your breath. Keep the pace slow enough to stay controlled in "
        "every position.",
    },
    {
        "slug": "pilates-roll-up",
        "name": "Pilates Roll-Up",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["abs"],
        "secondary": ["hip_flexors", "hamstrings"],
        "measures": ["reps"],
        "description": "Lie flat with your arms overhead, then peel your spine off the mat one segment "
        "at a time to reach toward your toes. Roll back down slowly with the same "
        "control.",
    },
    {
        "slug": "pilates-hundred",
        "name": "Pilates Hundred",
        "category": "strength",
        "equipment": "bodyweight",
        "primary": ["abs"],
        "secondary": ["hip_flexors"],
        "measures": ["reps"],
        "description": "Lie on your back with your head and shoulders curled up and legs lifted, then "
        "pump your straight arms up and down in small beats, breathing in for five and "
        "out for five. Continue for 100 beats.",
    },
    {
        "slug": "indoor-rock-climbing",
        "name": "Indoor Rock Climbing",
        "category": "strength",
        "equipment": "other",
        "primary": ["forearms", "lats", "biceps"],
        "secondary": ["upper_back", "abs", "calves"],
        "measures": ["duration"],
        "description": "Climb routes or boulder problems on an indoor wall, pushing mainly with your "
        "legs and keeping your arms as straight as possible to save grip strength.",
    },
]


def load_library(apps, schema_editor):
    Muscle = apps.get_model("workouts", "Muscle")
    Exercise = apps.get_model("workouts", "Exercise")
    muscles = {
        code: Muscle.objects.create(code=code, name=name, group=group)
        for code, name, group in MUSCLES
    }
    for item in EXERCISES:
        exercise = Exercise.objects.create(
            uid=uuid.uuid4(),
            slug=item["slug"],
            name=item["name"],
            description=item["description"],
            category=item["category"],
            equipment=item["equipment"],
            **{
                f"tracks_{m}": m in item["measures"]
                for m in ("reps", "weight", "duration", "distance")
            },
        )
        exercise.primary_muscles.set([muscles[code] for code in item["primary"]])
        exercise.secondary_muscles.set([muscles[code] for code in item["secondary"]])


def remove_library(apps, schema_editor):
    apps.get_model("workouts", "Exercise").objects.filter(
        owner=None, slug__in=[item["slug"] for item in EXERCISES]
    ).delete()
    apps.get_model("workouts", "Muscle").objects.filter(
        code__in=[code for code, _, _ in MUSCLES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("workouts", "0002_training_log")]

    operations = [migrations.RunPython(load_library, remove_library)]
